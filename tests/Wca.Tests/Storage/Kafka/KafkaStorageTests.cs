using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Storage.Kafka;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage.Kafka;

/// <summary>
/// KafkaStorage against librdkafka's mock cluster on loopback: a real runner over real test cgroups stores into it,
/// a Confluent.Kafka consumer and kcat read the topic back; brokers go down and up under it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class KafkaStorageTests
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private static AgentServices Services(ILoggerFactory? loggers = null) =>
        new(loggers ?? NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);

    private static StaticNode Node(IEnumerable<TestCgroup> tasks) =>
        new([.. tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), NullLogger.Instance);

    private static TestCgroup[] Sleepers(int count, string label)
    {
        var tasks = Enumerable.Range(0, count).Select(i => TestCgroup.Create($"{label}{i}")).ToArray();
        foreach (var task in tasks) task.StartSleeper();
        return tasks;
    }

    private static void DisposeAll(IEnumerable<IDisposable> items)
    {
        foreach (var item in items) item.Dispose();
    }

    private static string Topic() => "wca-test-" + Guid.NewGuid().ToString("N")[..8];

    private static double Sample(string package, string name, string? label = null, string? value = null) =>
        PrometheusSamples.Parse(package).Single(s => s.Name == name && (label is null || s[label] == value)).Value;

    [Fact]
    public void EveryPackageArrivesExactlyAndInOrderReadByAConsumerAndByKcat()
    {
        using var cluster = new KafkaMockCluster();
        var topic = Topic();
        cluster.CreateTopic(topic);
        var tasks = Sleepers(3, "kafka");
        try
        {
            using var kafka = new KafkaStorage(topic, [cluster.BootstrapServers], maxTimeoutInSeconds: 5);
            var recorded = new TextRecordingStorage(kafka);
            using var runner = new MeasurementRunner(Services()) { Node = Node(tasks), MetricsStorage = recorded };
            Assert.Equal(0, runner.Initialize());
            for (var i = 0; i < 5; i++) runner.RunIteration(0);

            var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, topic, 5, ReadTimeout);
            Assert.Equal(recorded.Texts, consumed);
            Assert.Equal(recorded.Texts, KafkaMockClusterReader.Kcat(cluster.BootstrapServers, topic));
            foreach (var package in consumed)
            {
                Promtool.AssertParses(package);
                var samples = PrometheusSamples.Parse(package);
                // Timestamps always, as the original; every test task is in every package.
                Assert.All(samples, s => Assert.NotNull(s.Timestamp));
                foreach (var task in tasks) Assert.Contains(samples, s => s.Name == "task_up" && s["task_id"] == task.Name);
            }
            Assert.Equal([1.0, 2, 3, 4, 5], consumed.Select(p => Sample(p, "wca_iterations")));
        }
        finally
        {
            DisposeAll(tasks);
        }
    }

    [Fact]
    public void ABrokerDownForTenIterationsKeepsTheIntervalAndEveryPackageArrivesInOrderAfterwards()
    {
        using var cluster = new KafkaMockCluster();
        var topic = Topic();
        cluster.CreateTopic(topic);
        var tasks = Sleepers(2, "outage");
        var loggers = new RecordingLoggerFactory();
        try
        {
            const double maxTimeout = 0.3;
            var kafka = new KafkaStorage(topic, [cluster.BootstrapServers], maxTimeout,
                new Dictionary<string, string> { ["reconnect.backoff.max.ms"] = "200" }, logger: loggers.CreateLogger("kafka"));
            using var runner = new MeasurementRunner(Services(loggers)) { Node = Node(tasks), MetricsStorage = kafka };
            Assert.Equal(0, runner.Initialize());
            var iterations = 0;
            for (; iterations < 3; iterations++) runner.RunIteration(0);

            cluster.SetDown();
            var slowest = TimeSpan.Zero;
            for (var down = 0; down < 10; down++, iterations++)
            {
                var watch = Stopwatch.StartNew();
                runner.RunIteration(0);
                slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, watch.Elapsed.Ticks));
            }
            var queuedDuringOutage = ((IQueueingStorage)kafka).QueueState.Packages;
            cluster.SetUp();
            // Stores after the outage send the backlog; a few iterations at most.
            for (var after = 0; after < 50 && (after < 3 || ((IQueueingStorage)kafka).QueueState.Packages > 0); after++, iterations++)
            {
                runner.RunIteration(0);
                Thread.Sleep(100);
            }
            Assert.Equal(0, ((IQueueingStorage)kafka).QueueState.Packages);
            kafka.Dispose();

            // A store never waits longer than max_timeout_in_seconds: the store stage of every iteration, as the next
            // package reports it, and (with room for a loaded machine) each whole iteration.
            Assert.True(slowest < TimeSpan.FromSeconds(maxTimeout + 3), $"slowest iteration during the outage: {slowest}");
            Assert.True(queuedDuringOutage >= 8, $"queued during the outage: {queuedDuringOutage}");
            var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, topic, iterations, ReadTimeout);
            Assert.Equal(Enumerable.Range(1, iterations).Select(i => (double)i), consumed.Select(p => Sample(p, "wca_iterations")));
            var storeSeconds = consumed.Skip(1).Select(p => Sample(p, "wca_duration_seconds", "function", "store")).ToArray();
            Assert.All(storeSeconds, d => Assert.InRange(d, 0, maxTimeout + 0.1));
            Assert.Contains(storeSeconds, d => d >= maxTimeout - 0.05);
            var last = consumed[^1];
            var failures = Sample(last, "wca_failure_count", "component", "metrics_storage");
            // Every store from the first failed delivery until the brokers took the oldest package again.
            Assert.InRange(failures, 5, iterations - 3);
            Assert.True(consumed.Max(p => Sample(p, "wca_storage_queue_packages", "storage", "metrics_storage")) >= 5);
            Assert.Equal(0, Sample(last, "wca_storage_dropped_packages_total", "storage", "metrics_storage"));
            // Logged once for the outage and once when it cleared, by the runner and by the storage.
            var lines = loggers.Lines.Select(l => l.Message).ToArray();
            Assert.Single(lines, l => l.StartsWith("Cannot store metrics in KafkaStorage", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains("KafkaStorage stores again", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains("takes packages again", StringComparison.Ordinal));
        }
        finally
        {
            DisposeAll(tasks);
        }
    }

    [Fact]
    public void AFullQueueDropsExactlyTheOldestAndCountsThem()
    {
        using var cluster = new KafkaMockCluster();
        var topic = Topic();
        cluster.CreateTopic(topic);
        cluster.SetDown();
        var loggers = new RecordingLoggerFactory();
        var kafka = new KafkaStorage(topic, [cluster.BootstrapServers], maxTimeoutInSeconds: 0.2,
            new Dictionary<string, string> { ["reconnect.backoff.max.ms"] = "100" }, queueMaxPackages: 3, logger: loggers.CreateLogger("kafka"));
        using (kafka)
        {
            for (var i = 1; i <= 6; i++) TryStore(kafka, Package(i));
            Assert.Equal(new StorageQueueState(3, ((IQueueingStorage)kafka).QueueState.Bytes, 3), ((IQueueingStorage)kafka).QueueState);
            // librdkafka gives up on what it was sending (message.timeout.ms, 1 s) before the broker returns.
            Thread.Sleep(2500);
            cluster.SetUp();
            // An empty package is not sent, but it moves the backlog on, as any store does.
            for (var wait = 0; wait < 50 && ((IQueueingStorage)kafka).QueueState.Packages > 0; wait++)
            {
                Thread.Sleep(100);
                TryStore(kafka, MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.UtcNow, []));
            }
            Assert.True(new StorageQueueState(0, 0, 3) == ((IQueueingStorage)kafka).QueueState,
                $"{((IQueueingStorage)kafka).QueueState}: " + string.Join("\n", loggers.Lines.Where(l => l.Level > LogLevel.Debug).Select(l => l.Message)));
        }
        var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, topic, 3, ReadTimeout);
        Assert.Equal([4.0, 5, 6], consumed.Select(p => Sample(p, "seq")));
        Assert.Single(loggers.Lines, l => l.Message.Contains("the queue of undelivered packages is full", StringComparison.Ordinal));
    }

    [Fact]
    public void ShutdownWaitsAtMostTheTimeoutAndSaysHowManyPackagesWereNotDelivered()
    {
        using var cluster = new KafkaMockCluster();
        var topic = Topic();
        cluster.CreateTopic(topic);
        cluster.SetDown();
        var loggers = new RecordingLoggerFactory();
        var kafka = new KafkaStorage(topic, [cluster.BootstrapServers], maxTimeoutInSeconds: 0.2, logger: loggers.CreateLogger("kafka"));
        for (var i = 1; i <= 3; i++) TryStore(kafka, Package(i));
        var watch = Stopwatch.StartNew();
        kafka.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.2 + 1), $"shutdown took {watch.Elapsed}");
        var line = Assert.Single(loggers.Lines, l => l.Message.Contains("not delivered", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith("3 packages (", line.Message, StringComparison.Ordinal);
    }

    private static void TryStore(KafkaStorage kafka, MetricPackage package)
    {
        try
        {
            kafka.Store(package);
        }
        catch (KafkaDeliveryException)
        {
            // The outage: the package waits in the queue.
        }
    }

    private static readonly MetricDescriptor Seq = new("seq", MetricType.Gauge, "Package number.");

    private static MetricPackage Package(int number) =>
        MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + number), [new Metric(Seq, number, LabelSet.Empty)]);

    [Fact]
    public void TheQueueBoundInBytesDropsTheOldestToo()
    {
        var queue = new PackageQueue(maxPackages: 100, maxBytes: 10);
        var packages = Enumerable.Range(0, 5).Select(i => new QueuedPackage(new byte[4])).ToArray();
        var dropped = packages.Sum(queue.Add);
        Assert.Equal(3, dropped);
        Assert.Equal(packages[3..], queue.InOrder);
        Assert.Equal((2, 8L, 3L), (queue.Count, queue.Bytes, queue.Dropped));
        // One package bigger than the bound still goes, alone.
        var big = new QueuedPackage(new byte[50]);
        queue.Add(big);
        Assert.Equal([big], queue.InOrder);
    }

    [Theory]
    [InlineData("no.such.property", "1")]
    [InlineData("acks", "maybe")]
    public void ABrokenExtraConfigIsAConfigurationErrorNamingTheProperty(string property, string value)
    {
        using var dir = new TestDirectory();
        var path = dir.Write("config.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: []
              metrics_storage: !KafkaStorage
                topic: wca_metrics
                extra_config:
                  {property}: "{value}"
            """);
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.Contains("extra_config", error.Message, StringComparison.Ordinal);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOriginalConfigsKafkaStoragesLoadUnchanged()
    {
        using var dir = new TestDirectory();
        // mesos_example_allocator.yaml's anomalies_storage and kubernetes_example_allocator.yaml's allocations_storage,
        // under a runner that exists already.
        var path = dir.Write("config.yaml", """
            runner: !DetectionRunner
              node: !StaticNode
                tasks: []
              detector: !NOPAnomalyDetector
              anomalies_storage: !KafkaStorage
                brokers_ips: ['$KAFKA_BROKER_IP:9092']
                topic: wca_anomalies
                max_timeout_in_seconds: 5.
              metrics_storage: !KafkaStorage
                topic: wca_allocations
                max_timeout_in_seconds: 5.
            """);
        var configuration = ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests());
        try
        {
            var runner = Assert.IsType<DetectionRunner>(configuration.Runner);
            var anomalies = Assert.IsType<KafkaStorage>(runner.AnomaliesStorage);
            Assert.Equal(("wca_anomalies", "$KAFKA_BROKER_IP:9092", TimeSpan.FromSeconds(5)), (anomalies.Topic, Assert.Single(anomalies.BrokersIps), anomalies.MaxTimeout));
            var allocations = Assert.IsType<KafkaStorage>(runner.MetricsStorage);
            Assert.Equal(("wca_allocations", "127.0.0.1:9092"), (allocations.Topic, Assert.Single(allocations.BrokersIps)));
        }
        finally
        {
            foreach (var component in configuration.Components) (component as IDisposable)?.Dispose();
        }
    }

    [Theory]
    [InlineData("brokers_ips: ['kafka']", "brokers_ips")]
    [InlineData("brokers_ips: ['kafka:99999']", "brokers_ips")]
    [InlineData("max_timeout_in_seconds: 6", "max_timeout_in_seconds")]
    [InlineData("queue_max_packages: 0", "queue_max_packages")]
    public void BadKeysAreConfigurationErrorsNamingTheKey(string line, string key)
    {
        using var dir = new TestDirectory();
        var path = dir.Write("config.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: []
              metrics_storage: !KafkaStorage
                topic: wca_metrics
                {line}
            """);
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The seed's example (the reference's detection_example.yaml with its !KafkaStorage kept): ExampleDetector
    /// over ten tasks, anomalies to Kafka, loaded from YAML and run by the runner's own loop until stopped.</summary>
    [Fact]
    public void TheSeedsDetectionExampleSendsAnomaliesToKafkaEndToEnd()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("wca_anomalies");
        var tasks = Sleepers(10, "seed");
        using var dir = new TestDirectory();
        var metrics = dir.File("output_anomalies.log");
        var path = dir.Write("config.yaml", $"""
            runner: !DetectionRunner
                node: !StaticNode
                    tasks: [{string.Join(", ", tasks.Select(t => t.RelativePath))}]
                action_delay: 0.5
                metrics_storage: !LogStorage
                    output_filename: '{metrics}'
                anomalies_storage: !KafkaStorage
                    brokers_ips: ['{cluster.BootstrapServers}']
                    topic: wca_anomalies
                    max_timeout_in_seconds: 5.
                detector: !ExampleDetector
                extra_labels:
                    env_id: "$HOST_IP"
            """);
        long iterations;
        try
        {
            iterations = ConfiguredRun.ForDuration<DetectionRunner>(path, TimeSpan.FromSeconds(2.2));
        }
        finally
        {
            DisposeAll(tasks);
        }
        Assert.InRange(iterations, 3, 6);
        var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, "wca_anomalies", (int)iterations, ReadTimeout);
        Assert.Equal(iterations, consumed.Count);
        foreach (var package in consumed)
        {
            Promtool.AssertParses(package);
            var samples = PrometheusSamples.Parse(package);
            Assert.Contains(samples, s => s.Name == "anomaly_count");
            Assert.All(samples, s => Assert.Equal("$HOST_IP", s["env_id"]));
        }
        // The detector's own metric came through; its anomalies depend on the wall clock's place in its 90 s cycle.
        Assert.All(consumed, p => Assert.Contains(PrometheusSamples.Parse(p), s => s.Name == "second_of_cycle"));
        foreach (var anomaly in consumed.SelectMany(PrometheusSamples.Parse).Where(s => s.Name == "anomaly"))
            Assert.Contains(tasks, t => t.Name == anomaly["contended_task_id"]);
    }

    /// <summary>Stores into the inner storage and keeps the text each package should be on the wire.</summary>
    private sealed class TextRecordingStorage(IStorage inner) : IStorage
    {
        public List<string> Texts { get; } = [];

        public void Store(MetricPackage package, CancellationToken cancellationToken = default)
        {
            Texts.Add(PrometheusTextWriter.Format(package, includeTimestamp: true));
            inner.Store(package, cancellationToken);
        }
    }
}
