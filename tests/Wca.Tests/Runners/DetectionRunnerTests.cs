using Example;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Decision;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>The DetectionRunner on real cgroups and processes: what the detector sees, the anomalies package, its
/// order against the metrics package, and a misbehaving detector that never stops the agent.</summary>
[Collection(SerialCollection.Name)]
public sealed class DetectionRunnerTests
{
    private static AgentServices Services(ILoggerFactory? loggers = null) =>
        new(loggers ?? NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private static StaticNode Node(params TestCgroup[] tasks) =>
        new([.. tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), NullLogger.Instance);

    [Fact]
    public void ABusyTaskIsReportedAsContendingTheIdleOneOnCpus()
    {
        using var busy = TestCgroup.Create("busy");
        using var idle = TestCgroup.Create("idle");
        using var dir = new TestDirectory();
        busy.StartStressNg("--cpu", "1", "--cpu-load", "100");
        idle.StartSleeper();
        var anomaliesFile = dir.File("anomalies.prom");
        var metricsFile = dir.File("metrics.prom");
        // 0.3 CPUs: far below one busy worker, far above a sleeper, also on a loaded 2-core machine.
        var detector = new CpuThresholdDetector(NullLogger<CpuThresholdDetector>.Instance, cpuThreshold: 0.3);
        using var runner = new DetectionRunner(Services())
        {
            Node = Node(busy, idle),
            Detector = detector,
            MetricsStorage = new LogStorage(metricsFile, overwrite: true, includeTimestamp: true),
            AnomaliesStorage = new LogStorage(anomaliesFile, overwrite: true, includeTimestamp: true),
            IntervalSeconds = 0.5,
            ExtraLabels = new Dictionary<string, string> { ["env"] = "test" },
        };
        Assert.Equal(0, runner.Initialize());

        // The detector needs two calls for a rate; a few more keep one slow iteration from deciding the test.
        for (var i = 0; i < 4; i++)
        {
            if (i > 0) Thread.Sleep(500);
            runner.RunIteration(0);
        }

        var anomaliesText = File.ReadAllText(anomaliesFile);
        Promtool.AssertParses(anomaliesText);
        var anomalies = PrometheusSamples.Parse(anomaliesText);
        var expectedUuid = new ContentionAnomaly(idle.Name, [busy.Name], ContendedResource.Cpus, []).Uuid;
        var anomaly = Assert.Single(anomalies, s => s.Name == "anomaly");
        Assert.Equal(idle.Name, anomaly["contended_task_id"]);
        Assert.Equal(busy.Name, anomaly["contending_task_id"]);
        Assert.Equal("cpus", anomaly["resource"]);
        Assert.Equal("contention", anomaly["type"]);
        Assert.Equal(expectedUuid, anomaly["uuid"]);
        Assert.Equal(1, anomaly.Value);
        // The idle (contended) task's labels and the common labels.
        Assert.Equal(idle.Name, anomaly["task_id"]);
        Assert.Equal(AnomalyMetrics.WorkloadNotFound, anomaly["contending_workload_instance"]);
        Assert.Equal(Environment.MachineName, anomaly["host"]);
        Assert.Equal("test", anomaly["env"]);
        // The context metric carries the anomaly's uuid and type="anomaly".
        var threshold = Assert.Single(anomalies, s => s.Name == "cpu_threshold");
        Assert.Equal((0.3, expectedUuid, "anomaly"), (threshold.Value, threshold["uuid"], threshold["type"]));
        Assert.Equal(1, Assert.Single(anomalies, s => s.Name == "example_tasks_over_cpu_threshold").Value);
        Assert.True(Assert.Single(anomalies, s => s.Name == "anomaly_count").Value >= 1);
        var lastOccurrence = Assert.Single(anomalies, s => s.Name == "anomaly_last_occurrence").Value;
        Assert.InRange(lastOccurrence, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.All(anomalies, s => Assert.Equal("test", s["env"]));

        var metricsText = File.ReadAllText(metricsFile);
        Promtool.AssertParses(metricsText);
        var metrics = PrometheusSamples.Parse(metricsText);
        Assert.Contains(metrics, s => s.Name == "wca_duration_seconds" && s["function"] == "detect");
        Assert.DoesNotContain(metrics, s => s.Name.StartsWith("anomaly", StringComparison.Ordinal));
        // Both packages of an iteration share its timestamp.
        Assert.Equal(anomaly.Timestamp, metrics[0].Timestamp);
    }

    [Fact]
    public void EveryIterationStoresTheAnomaliesPackageFirstAlsoWithoutAnomalies()
    {
        using var task = TestCgroup.Create("order");
        var storage = new RecordingStorage();
        var anomaly = new ContentionAnomaly(task.Name, ["other"], ContendedResource.MemoryBandwidth, []);
        var detector = new ScriptedDetector(
            _ => DetectionResult.None,
            _ => new DetectionResult([anomaly], []),
            _ => DetectionResult.None);
        // One instance in both slots, as a YAML anchor would give.
        using var runner = new DetectionRunner(Services()) { Node = Node(task), Detector = detector, MetricsStorage = storage, AnomaliesStorage = storage };
        Assert.Equal(0, runner.Initialize());

        for (var i = 0; i < 3; i++) runner.RunIteration(0);

        Assert.Equal([PackageKind.Anomalies, PackageKind.Metrics, PackageKind.Anomalies, PackageKind.Metrics, PackageKind.Anomalies, PackageKind.Metrics],
            storage.Packages.Select(p => p.Kind));
        var anomalyPackages = storage.Packages.Where(p => p.Kind == PackageKind.Anomalies).ToArray();
        Assert.Equal(["anomaly_count=0"], anomalyPackages[0].Samples);
        Assert.Equal(["anomaly", "anomaly_count=1", "anomaly_last_occurrence"], anomalyPackages[1].Samples);
        Assert.Equal(["anomaly_count=1", "anomaly_last_occurrence"], anomalyPackages[2].Samples);
        foreach (var metrics in storage.Packages.Where(p => p.Kind == PackageKind.Metrics))
        {
            Assert.Contains(metrics.Samples, s => s.StartsWith("task_up", StringComparison.Ordinal));
            Assert.DoesNotContain(metrics.Samples, s => s.StartsWith("anomaly", StringComparison.Ordinal));
        }
        Assert.Equal(3, detector.Calls);
        // The detector saw the measured task.
        Assert.All(detector.SeenTasks, seen => Assert.Equal([task.Name], seen));
    }

    [Fact]
    public void AFailingDetectorIsCountedAndLoggedOncePerFailureAndTheAgentGoesOn()
    {
        using var task = TestCgroup.Create("failing");
        using var dir = new TestDirectory();
        var anomaliesFile = dir.File("anomalies.prom");
        var metricsFile = dir.File("metrics.prom");
        var good = new Metric(new MetricDescriptor("example_good", MetricType.Gauge), 7, LabelSet.From(("kind", "good")));
        var badLabel = new Metric(new MetricDescriptor("example_bad_label", MetricType.Gauge), 1, LabelSet.From(("bad-label", "x")));
        var badName = new Metric(new MetricDescriptor("example bad name", MetricType.Gauge), 1, LabelSet.Empty);
        DetectionResult Extras(int _) => new([], [badLabel, good, badName]);
        var detector = new ScriptedDetector(
            _ => throw new InvalidOperationException("boom"),
            _ => throw new InvalidOperationException("boom"),
            _ => null!,
            Extras,
            Extras);
        var loggers = new RecordingLoggerFactory();
        using var runner = new DetectionRunner(Services(loggers))
        {
            Node = Node(task),
            Detector = detector,
            MetricsStorage = new LogStorage(metricsFile, overwrite: true, includeTimestamp: true),
            AnomaliesStorage = new LogStorage(anomaliesFile, overwrite: true, includeTimestamp: true),
        };
        Assert.Equal(0, runner.Initialize());

        var failures = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            runner.RunIteration(0);
            var metrics = PrometheusSamples.Parse(File.ReadAllText(metricsFile));
            failures.Add(metrics.SingleOrDefault(s => s.Name == "wca_failure_count" && s["stage"] == "detect" && s["component"] == nameof(ScriptedDetector))?.Value ?? 0);
            Assert.Equal(i + 1, metrics.Single(s => s.Name == "wca_iterations").Value);
        }

        // Throw, throw, null, then two dropped metrics in each of the last two iterations.
        Assert.Equal([1, 2, 3, 5, 7], failures);
        var anomaliesText = File.ReadAllText(anomaliesFile);
        Promtool.AssertParses(anomaliesText);
        var anomalies = PrometheusSamples.Parse(anomaliesText);
        Assert.Equal(7, Assert.Single(anomalies, s => s.Name == "example_good").Value);
        Assert.DoesNotContain(anomalies, s => s.Name.StartsWith("example_bad", StringComparison.Ordinal) || s.Name.StartsWith("example bad", StringComparison.Ordinal));
        Assert.Equal(0, Assert.Single(anomalies, s => s.Name == "anomaly_count").Value);

        var lines = loggers.Lines.Select(l => l.Message).ToArray();
        Assert.Single(lines, l => l.Contains($"Detector {nameof(ScriptedDetector)} failed: threw InvalidOperationException: boom", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"Detector {nameof(ScriptedDetector)} failed: returned null", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"Detector {nameof(ScriptedDetector)} works again", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("'example_bad_label'", StringComparison.Ordinal) && l.Contains("bad-label", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("'example bad name'", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("example_good", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnsetAnomaliesStorageIsTheStderrLogStorageOfAnUnsetMetricsStorage()
    {
        using var task = TestCgroup.Create("default");
        using var dir = new TestDirectory();
        var config = dir.Write("detect.yaml", $"""
            runner: !DetectionRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
              detector: !NOPAnomalyDetector
            """);
        var runner = Assert.IsType<DetectionRunner>(ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
        using (runner)
        {
            Assert.Null(runner.MetricsStorage);
            Assert.Null(runner.AnomaliesStorage);
            Assert.Equal(0, runner.Initialize());

            var storage = Assert.IsType<LogStorage>(runner.MetricsStorage);
            Assert.Null(storage.OutputFilename);
            Assert.Same(storage, runner.AnomaliesStorage);
        }
    }

    [Fact]
    public void TheNopDetectorLoadsFromYamlAndGivesStatisticsOnlyAnomalyPackages()
    {
        using var task = TestCgroup.Create("nop");
        using var dir = new TestDirectory();
        var anomaliesFile = dir.File("anomalies.prom");
        var metricsFile = dir.File("metrics.prom");
        var config = dir.Write("nop.yaml", $"""
            runner: !DetectionRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
              detector: !NOPAnomalyDetector
              metrics_storage: !LogStorage {"{"}output_filename: {metricsFile}, overwrite: true{"}"}
              anomalies_storage: !LogStorage {"{"}output_filename: {anomaliesFile}, overwrite: true{"}"}
              extra_labels: {"{"}env: nop{"}"}
            """);
        var runner = Assert.IsType<DetectionRunner>(ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
        using (runner)
        {
            Assert.IsType<NOPAnomalyDetector>(runner.Detector);
            Assert.Equal(0, runner.Initialize());
            for (var i = 0; i < 2; i++) runner.RunIteration(0);
        }

        var text = File.ReadAllText(anomaliesFile);
        Promtool.AssertParses(text);
        var count = Assert.Single(PrometheusSamples.Parse(text));
        Assert.Equal(("anomaly_count", 0.0, "nop"), (count.Name, count.Value, count["env"]));
        Assert.Contains(PrometheusSamples.Parse(File.ReadAllText(metricsFile)), s => s.Name == "task_up" && s["task_id"] == task.Name);
    }

    [Fact]
    public void TheFinalReleasesMeasurementRunnerCompositionMeasuresWithTheInnerRunnersKeys()
    {
        using var task = TestCgroup.Create("composed");
        using var dir = new TestDirectory();
        var anomaliesFile = dir.File("anomalies.prom");
        var metricsFile = dir.File("metrics.prom");
        var config = dir.Write("composed.yaml", $"""
            runner: !DetectionRunner
              measurement_runner: !MeasurementRunner
                node: !StaticNode
                  tasks: [{task.RelativePath}]
                interval: 0.5
                metrics_storage: !LogStorage {"{"}output_filename: {metricsFile}, overwrite: true{"}"}
                extra_labels: {"{"}env_id: composed{"}"}
              detector: !NOPAnomalyDetector
              anomalies_storage: !LogStorage {"{"}output_filename: {anomaliesFile}, overwrite: true{"}"}
            """);
        var runner = Assert.IsType<DetectionRunner>(ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
        using (runner)
        {
            Assert.Equal(0, runner.Initialize());
            runner.RunIteration(0);
        }

        var metrics = PrometheusSamples.Parse(File.ReadAllText(metricsFile));
        Assert.Contains(metrics, s => s.Name == "task_up" && s["task_id"] == task.Name && s["env_id"] == "composed");
        var count = Assert.Single(PrometheusSamples.Parse(File.ReadAllText(anomaliesFile)));
        Assert.Equal(("anomaly_count", "composed"), (count.Name, count["env_id"]));
    }

    [Theory]
    [InlineData("""
        runner: !DetectionRunner
          detector: !NOPAnomalyDetector
        """, "line 1, column 9, at 'runner': !DetectionRunner: missing required key 'node' (or, as the final release writes it, 'measurement_runner: !MeasurementRunner' with the node inside)")]
    [InlineData("""
        runner: !DetectionRunner
          node: !StaticNode {tasks: [a]}
          measurement_runner: !MeasurementRunner
            node: !StaticNode {tasks: [a]}
          detector: !NOPAnomalyDetector
        """, "at 'runner.node': !DetectionRunner rejected 'node': 'node' and 'measurement_runner' both give the node: give 'node' inside measurement_runner only")]
    [InlineData("""
        runner: !DetectionRunner
          metrics_storage: !LogStorage {}
          measurement_runner: !MeasurementRunner
            node: !StaticNode {tasks: [a]}
          detector: !NOPAnomalyDetector
        """, "at 'runner.metrics_storage': !DetectionRunner rejected 'metrics_storage': 'metrics_storage' and 'measurement_runner' both give where metrics go")]
    [InlineData("""
        runner: !MeasurementRunner
          interval: 1
        """, "at 'runner': !MeasurementRunner: missing required key 'node'")]
    public void TheNodeComesFromExactlyOnePlace(string yaml, string expected)
    {
        using var dir = new TestDirectory();
        var config = dir.Write("bad.yaml", yaml);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        // Only a runner that has the key suggests it.
        if (yaml.StartsWith("runner: !MeasurementRunner", StringComparison.Ordinal))
            Assert.DoesNotContain("measurement_runner", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A detector whose every call runs the next step (the last one repeats), recording the task ids it saw.</summary>
    private sealed class ScriptedDetector(params Func<int, DetectionResult>[] steps) : IAnomalyDetector
    {
        public int Calls { get; private set; }

        public List<string[]> SeenTasks { get; } = [];

        public DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
        {
            SeenTasks.Add([.. tasks.Keys.Order(StringComparer.Ordinal)]);
            var step = steps[Math.Min(Calls, steps.Length - 1)];
            return step(Calls++);
        }
    }

    /// <summary>Every package stored: its kind and its samples as "name" (value appended for anomaly_count).</summary>
    private sealed class RecordingStorage : IStorage
    {
        public List<(PackageKind Kind, List<string> Samples)> Packages { get; } = [];

        public void Store(MetricPackage package, CancellationToken cancellationToken)
        {
            var samples = new List<string>();
            foreach (var m in package.Metrics)
                samples.Add(m.Name == "anomaly_count" ? $"{m.Name}={m.Value}" : m.Name);
            Packages.Add((package.Kind, samples));
        }
    }

}
