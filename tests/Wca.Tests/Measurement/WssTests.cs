using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Security;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement;

/// <summary>The final release's working set size (later-versions.md §4.8) on a real stress-ng --vm process.</summary>
[Collection(SerialCollection.Name)]
public sealed class WssTests
{
    private const double VmBytes = 64 << 20;

    private sealed class Recorder : IStorage
    {
        public List<Metric> Last { get; } = [];

        public void Store(MetricPackage package, CancellationToken cancellationToken)
        {
            Last.Clear();
            Last.AddRange(package.Metrics.ToArray());
        }
    }

    private static (Recorder Storage, MeasurementRunner Runner) Runner(TestCgroup task, int? resetCycles, int stableCycles = 0,
        double? threshold = null, ILoggerFactory? logging = null)
    {
        var services = new AgentServices(logging ?? NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
        var storage = new Recorder();
        var node = new StaticNode([task.RelativePath], services.Cgroups, NullLogger.Instance);
        var runner = new MeasurementRunner(services)
        {
            Node = node, MetricsStorage = storage, WssResetCycles = resetCycles, WssStableCycles = stableCycles, WssMembwThreshold = threshold,
        };
        Assert.Equal(0, runner.Initialize());
        return (storage, runner);
    }

    /// <summary>Referenced kB of the cgroup's processes, read from /proc now.</summary>
    private static long ReferencedKbNow(TestCgroup task)
    {
        long sum = 0;
        foreach (var pid in task.ReadPids())
        {
            try
            {
                sum += File.ReadLines($"/proc/{pid}/smaps").Where(l => l.StartsWith("Referenced:", StringComparison.Ordinal))
                    .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
            }
        }
        return sum;
    }

    /// <summary>A 64 MiB stress-ng vm worker that touches its memory once, then every 5 s: between passes no page is referenced anew.</summary>
    private static TestCgroup StartVmWorker(string label)
    {
        var task = TestCgroup.Create(label);
        try
        {
            task.StartStressNg("--vm", "1", "--vm-bytes", "64M", "--vm-keep", "--vm-hang", "5");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ReferencedKbNow(task) * 1000 < 0.75 * VmBytes)
            {
                Assert.True(DateTime.UtcNow < deadline, "the stress-ng vm worker did not touch its memory within 20 s");
                Thread.Sleep(50);
            }
            return task;
        }
        catch
        {
            task.Dispose();
            throw;
        }
    }

    private static double Value(Recorder storage, TestCgroup task, string name) =>
        Assert.Single(storage.Last, m => m.Name == name && m.Labels["task_id"] == task.RelativePath).Value;

    [Fact]
    public void Referenced_bytes_grow_to_the_vm_bytes_and_drop_after_the_reset_cycle()
    {
        using var task = StartVmWorker("wss");
        var (storage, runner) = Runner(task, resetCycles: 2);
        using (runner)
        {
            var kbBefore = ReferencedKbNow(task);
            runner.RunIteration(0);
            var kbAfter = ReferencedKbNow(task);
            var first = Value(storage, task, TaskMetricNames.WssReferencedBytes);
            // kB x 1000 (x 1024 would be 1.6 MB more); the idle worker references nothing in between, stress-ng's parent little.
            Assert.InRange(first, Math.Min(kbBefore, kbAfter) * 1000.0 - 256e3, Math.Max(kbBefore, kbAfter) * 1000.0 + 256e3);
            var overhead1 = Value(storage, task, TaskMetricNames.WssMeasureOverheadSeconds);
            // The worker's 64 MiB plus the stress-ng processes' own pages; scaled by 1000 per kB, as the original.
            Assert.InRange(first, 0.75 * VmBytes, VmBytes + (64 << 20));
            Assert.InRange(overhead1, 1e-7, 1);

            runner.RunIteration(0); // cycle 2: measured, then clear_refs
            var second = Value(storage, task, TaskMetricNames.WssReferencedBytes);
            Assert.InRange(second, 0.75 * VmBytes, VmBytes + (64 << 20));

            runner.RunIteration(0);
            var afterReset = Value(storage, task, TaskMetricNames.WssReferencedBytes);
            Assert.True(afterReset < second - 0.5 * VmBytes, $"referenced bytes did not drop after the reset: {second} -> {afterReset}");
            var overhead3 = Value(storage, task, TaskMetricNames.WssMeasureOverheadSeconds);
            // A counter: it also holds the clear_refs writes of cycle 2.
            Assert.True(overhead3 > overhead1, $"the overhead counter did not grow: {overhead1} -> {overhead3}");

            // The worker's next pass (5 s after the first) references its memory again.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            double again;
            do
            {
                Thread.Sleep(250);
                runner.RunIteration(0);
                again = Value(storage, task, TaskMetricNames.WssReferencedBytes);
            }
            while (again < 0.75 * VmBytes && DateTime.UtcNow < deadline);
            Assert.InRange(again, 0.75 * VmBytes, VmBytes + (64 << 20));
            var text = PrometheusTextWriter.Format(MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.UtcNow, storage.Last), includeTimestamp: false);
            Assert.Contains("# TYPE task_wss_measure_overhead_seconds counter", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE task_wss_referenced_bytes gauge", text, StringComparison.Ordinal);
            Promtool.AssertParses(text);
        }
    }

    [Fact]
    public void Zero_reset_cycles_measures_without_resetting_and_no_key_measures_nothing()
    {
        using var task = StartVmWorker("wss-noreset");
        var (storage, runner) = Runner(task, resetCycles: 0);
        using (runner)
        {
            for (var i = 0; i < 3; i++)
            {
                runner.RunIteration(0);
                Assert.InRange(Value(storage, task, TaskMetricNames.WssReferencedBytes), 0.75 * VmBytes, VmBytes + (64 << 20));
            }
            Assert.Equal(PrivilegeNeeds.ProcessMemoryReads, runner.PrivilegeNeeds);
        }
        var (plain, off) = Runner(task, resetCycles: null);
        using (off)
        {
            off.RunIteration(0);
            Assert.DoesNotContain(plain.Last, m => m.Name.StartsWith("task_wss_", StringComparison.Ordinal));
            Assert.Contains(plain.Last, m => m.Name == "task_cpu_usage_seconds");
        }
    }

    [Fact]
    public void The_stability_estimate_says_once_that_it_needs_memory_bandwidth_and_referenced_bytes_are_still_reported()
    {
        using var task = StartVmWorker("wss-stable");
        var logging = new RecordingLoggerFactory();
        var (storage, runner) = Runner(task, resetCycles: 20, stableCycles: -5, threshold: 0.01, logging: logging);
        using (runner)
        {
            runner.RunIteration(0);
            runner.RunIteration(0);
            Assert.InRange(Value(storage, task, TaskMetricNames.WssReferencedBytes), 0.75 * VmBytes, VmBytes + (64 << 20));
            Assert.DoesNotContain(storage.Last, m => m.Name == "task_working_set_size_bytes");
        }
        var warning = Assert.Single(logging.Lines, l => l.Message.Contains("wss_stable_cycles", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("memory-bandwidth monitoring (RDT MBM)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("task_working_set_size_bytes is not measured", warning.Message, StringComparison.Ordinal);
    }

    private static string Config(string keys) => $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";

    private static MeasurementRunner Load(string yaml)
    {
        using var dir = new TestDirectory();
        return Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
    }

    [Fact]
    public void The_keys_default_to_the_originals_and_resets_need_a_dac_override()
    {
        var runner = Load(Config(""));
        Assert.Null(runner.WssResetCycles);
        Assert.Equal(0, runner.WssStableCycles);
        Assert.Null(runner.WssMembwThreshold);
        Assert.Equal(PrivilegeNeeds.None, runner.PrivilegeNeeds);

        runner = Load(Config("  wss_reset_cycles: 20\n  wss_stable_cycles: -5\n  wss_membw_threshold: 0.01\n"));
        Assert.Equal(20, runner.WssResetCycles);
        Assert.Equal(-5, runner.WssStableCycles);
        Assert.Equal(0.01, runner.WssMembwThreshold);
        Assert.Equal(PrivilegeNeeds.ProcessMemoryReads | PrivilegeNeeds.ReferencedBitsResets, runner.PrivilegeNeeds);
        Assert.Equal("wss_reset_cycles: 20", ConfiguredPrivileges.Causes(runner)[PrivilegeNeeds.ReferencedBitsResets]);
    }
}
