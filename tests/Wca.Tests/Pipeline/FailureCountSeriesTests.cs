using Microsoft.Extensions.Logging.Abstractions;
using Wca.Decision;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Pipeline;

/// <summary>wca_failure_count is documented as always present: every known stage has its series from the first package, at 0.</summary>
[Collection(SerialCollection.Name)]
public sealed class FailureCountSeriesTests
{
    private static AgentServices Services() => new(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private sealed class FailingStorage : Wca.Api.IStorage
    {
        public void Store(Wca.Api.MetricPackage package, CancellationToken cancellationToken) => throw new IOException("disk full");
    }

    private static Dictionary<string, double> FailureCounts(string file) =>
        PrometheusSamples.Parse(File.ReadAllText(file)).Where(s => s.Name == "wca_failure_count")
            .ToDictionary(s => s["stage"] + "/" + s["component"], s => s.Value);

    [Fact]
    public void A_measurement_runner_reports_zero_for_node_task_platform_and_storage_before_any_failure()
    {
        using var task = TestCgroup.Create();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var node = new StaticNode([task.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = new MeasurementRunner(Services()) { Node = node, MetricsStorage = new LogStorage(output, overwrite: true) };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        Promtool.AssertParses(File.ReadAllText(output));
        Assert.Equal(new Dictionary<string, double>
        {
            ["node/StaticNode"] = 0, ["task/cgroup"] = 0, ["platform/platform"] = 0, ["storage/metrics_storage"] = 0,
        }, FailureCounts(output));
    }

    [Fact]
    public void A_detection_runner_adds_zero_for_its_detector_and_anomalies_storage_and_a_failure_counts_on_the_same_series()
    {
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var node = new StaticNode(["wca-test-missing-" + Guid.NewGuid().ToString("N")], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = new DetectionRunner(Services())
        {
            Node = node,
            Detector = new NOPAnomalyDetector(),
            MetricsStorage = new LogStorage(output, overwrite: true),
            AnomaliesStorage = new FailingStorage(),
        };
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        Assert.Equal(new Dictionary<string, double>
        {
            ["node/StaticNode"] = 0, ["task/cgroup"] = 0, ["platform/platform"] = 0, ["storage/metrics_storage"] = 0,
            ["detect/NOPAnomalyDetector"] = 0, ["storage/anomalies_storage"] = 1,
        }, FailureCounts(output));
    }

    private sealed class StoppableNode(Wca.Api.NodeTask task) : Wca.Api.INode
    {
        public IReadOnlyList<Wca.Api.NodeTask> GetTasks(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested(); // as CgroupNode's walk does when the agent stops
            return [task];
        }
    }

    [Fact]
    public void A_node_that_abandons_its_walk_because_the_agent_stops_is_not_a_node_failure()
    {
        using var task = TestCgroup.Create();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        using var runner = new MeasurementRunner(Services())
            { Node = new StoppableNode(Wca.Api.NodeTask.ForCgroup(task.CgroupPath)), MetricsStorage = new LogStorage(output, overwrite: true) };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        runner.RunIteration(0, stopping.Token);

        var last = PrometheusSamples.Parse(File.ReadAllText(output));
        Assert.Equal(2, last.Single(s => s.Name == "wca_iterations").Value);
        Assert.Equal(0, last.Single(s => s.Name == "wca_failure_count" && s["stage"] == "node").Value);
        Assert.Equal(1, last.Single(s => s.Name == "wca_tasks").Value); // the tasks of the last call are measured once more
    }
}
