using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement.Rdt;
using Wca.Measurement.Wss;
using Wca.Pipeline;
using Wca.Tests.TestSupport;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Measurement.Wss;

/// <summary>
/// The stable working-set estimate (later-versions.md §4.8) through the measurement cycle, on real stress-ng --vm
/// processes in real cgroups whose RDT monitoring group lives in the resctrl stand-in: the test drives the group's
/// mbm_total_bytes (the task's memory traffic) per iteration.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class WssOnResctrlTests
{
    private const double VmBytes = 64 << 20;

    // Each of the stand-in's 2 domains advances by this per read: 1 GB of traffic per iteration, x 0.01 = 10 MB.
    private const long StepPerDomain = 500_000_000;

    private sealed class ListedTasks(params NodeTask[] tasks) : INode
    {
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => tasks;
    }

    private sealed class Measured(MeasurementCycle cycle, RecordingLoggerFactory logs, string taskId) : IDisposable
    {
        private readonly IterationContext _context = new();

        public RecordingLoggerFactory Logs => logs;

        /// <summary>One iteration: the task's referenced bytes and its working-set estimate (null = not reported).</summary>
        public (double Referenced, double? Wss) Iterate()
        {
            cycle.Measure(_context, CancellationToken.None);
            var m = _context.Tasks[taskId].Measurements;
            return (m["task_wss_referenced_bytes"], m.TryGetValue("task_working_set_size_bytes", out var wss) ? wss : null);
        }

        public void Dispose() => cycle.Dispose();
    }

    private static Measured Start(ResctrlStandIn standIn, NodeTask task, int resetCycles, int stableCycles, double threshold = 0.01)
    {
        var logs = new RecordingLoggerFactory();
        var paths = HostPaths.Default with { ResctrlRoot = standIn.Root };
        var services = new AgentServices(logs, paths, new LogCounters(), TimeProvider.System);
        var settings = new MeasurementSettings
        {
            Node = new ListedTasks(task), ResctrlFiles = standIn, KeepTaskData = true, Wss = new WssOptions(resetCycles, stableCycles, threshold),
        };
        var cycle = new MeasurementCycle(settings, services, new StageProfiler(Stages.Names), new FailureCounters());
        Assert.Equal(0, cycle.Initialize());
        return new Measured(cycle, logs, task.TaskId);
    }

    private static NodeTask Task(TestCgroup cgroup, params TestCgroup[] containers) => new()
    {
        Name = "wss", TaskId = "wss", CgroupPath = cgroup.CgroupPath, SubcgroupPaths = containers.Select(c => c.CgroupPath).ToArray(),
    };

    private static long ReferencedKbNow(TestCgroup cgroup)
    {
        long sum = 0;
        foreach (var pid in cgroup.ReadPids())
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

    /// <summary>A stress-ng vm worker of <paramref name="megabytes"/> MiB that writes its memory once and then sleeps (--vm-method write64 --vm-hang 0).</summary>
    private static void StartVmWorker(TestCgroup cgroup, int megabytes)
    {
        var before = ReferencedKbNow(cgroup) * 1000.0;
        // write64: one pass of writes over the buffer, then the hang. The default method ("all") starts with methods that
        // pass over the memory for seconds on a loaded machine: pages touched after a test's clear_refs look like a
        // reset that did not happen.
        cgroup.StartStressNg("--vm", "1", "--vm-bytes", megabytes + "M", "--vm-keep", "--vm-hang", "0", "--vm-method", "write64");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (ReferencedKbNow(cgroup) * 1000.0 - before < 0.75 * (megabytes << 20))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the {megabytes} MiB stress-ng vm worker did not touch its memory within 20 s");
            Thread.Sleep(50);
        }
        // Then until its pass is over and it hangs.
        var last = ReferencedKbNow(cgroup);
        for (var steady = 0; steady < 4; )
        {
            Assert.True(DateTime.UtcNow < deadline, $"the {megabytes} MiB stress-ng vm worker did not settle within 20 s");
            Thread.Sleep(50);
            var now = ReferencedKbNow(cgroup);
            steady = Math.Abs(now - last) <= 64 ? steady + 1 : 0;
            last = now;
        }
    }

    [Fact]
    public void Negative_stable_cycles_report_the_estimate_after_that_many_stable_cycles_keep_it_and_never_reset()
    {
        using var standIn = new ResctrlStandIn { MbmTotalStepPerRead = StepPerDomain };
        using var cgroup = TestCgroup.Create("wss-neg");
        StartVmWorker(cgroup, 64);
        using var measured = Start(standIn, Task(cgroup), resetCycles: 0, stableCycles: -3);
        var r = new List<double>();
        for (var i = 1; i <= 3; i++)
        {
            var (referenced, wss) = measured.Iterate();
            r.Add(referenced);
            // 1: the group's first reading, no traffic yet; 2 and 3: stable cycles 1 and 2.
            Assert.True(wss is null, $"iteration {i}: an estimate before 3 stable cycles: {wss}");
        }
        var (fourth, estimate) = measured.Iterate();
        Assert.Equal((r[1] + fourth) / 2, estimate);
        Assert.InRange(estimate!.Value, 0.75 * VmBytes, VmBytes + (64 << 20));
        for (var i = 0; i < 3; i++)
        {
            var (referenced, wss) = measured.Iterate();
            Assert.Equal(estimate, wss); // kept
            Assert.InRange(referenced, 0.75 * VmBytes, VmBytes + (64 << 20)); // never reset
        }
        Assert.Single(standIn.Mount.MonitoringGroups(""));
        Assert.DoesNotContain(measured.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Positive_stable_cycles_without_cyclic_resets_clear_the_referenced_bits_once_stable()
    {
        using var standIn = new ResctrlStandIn { MbmTotalStepPerRead = StepPerDomain };
        using var cgroup = TestCgroup.Create("wss-pos");
        StartVmWorker(cgroup, 64);
        using var measured = Start(standIn, Task(cgroup), resetCycles: 0, stableCycles: 2);
        var (_, none1) = measured.Iterate();
        var (second, none2) = measured.Iterate();
        Assert.Null(none1);
        Assert.Null(none2);
        var (third, estimate) = measured.Iterate(); // stable twice: the estimate, then clear_refs
        Assert.Equal((second + third) / 2, estimate);
        var (afterReset, kept) = measured.Iterate();
        Assert.True(afterReset < third - 0.5 * VmBytes, $"referenced bytes did not drop after the reset on stable: {third} -> {afterReset}");
        Assert.Equal(estimate, kept);
    }

    [Fact]
    public void A_cycle_without_traffic_or_a_drop_beyond_2_percent_breaks_the_row_and_the_estimate_comes_that_many_cycles_later()
    {
        using var standIn = new ResctrlStandIn { MbmTotalStepPerRead = StepPerDomain };
        using var cgroup = TestCgroup.Create("wss-break");
        StartVmWorker(cgroup, 64);
        var small = cgroup.CreateChild("small");
        StartVmWorker(small, 8);
        using var measured = Start(standIn, Task(cgroup, small), resetCycles: 0, stableCycles: -3);
        measured.Iterate(); // the group's first reading
        measured.Iterate(); // stable 1
        standIn.MbmTotalStepPerRead = 0;
        Assert.Null(measured.Iterate().Wss); // no traffic: growth 0 is not below 0, the row breaks
        standIn.MbmTotalStepPerRead = StepPerDomain;
        measured.Iterate(); // stable 1
        var (beforeDrop, _) = measured.Iterate(); // stable 2
        foreach (var pid in small.ReadPids()) File.WriteAllText($"/proc/{pid}/clear_refs", "1\n"); // the small worker's 8 MiB and more
        var (dropped, none) = measured.Iterate();
        Assert.True(dropped < beforeDrop * 0.97, $"the referenced bytes did not drop by 3 %: {beforeDrop} -> {dropped}");
        Assert.Null(none); // the row broke at 2 of 3
        var (first, _) = measured.Iterate(); // stable 1 of a new row
        Assert.Null(measured.Iterate().Wss);
        var (last, estimate) = measured.Iterate();
        Assert.Equal((first + last) / 2, estimate);
    }

    [Fact]
    public void A_pod_is_one_working_set_summed_over_its_containers_and_judged_against_the_pods_bandwidth()
    {
        using var standIn = new ResctrlStandIn { MbmTotalStepPerRead = StepPerDomain };
        using var pod = TestCgroup.Create("wss-pod");
        var a = pod.CreateChild("a");
        var b = pod.CreateChild("b");
        StartVmWorker(a, 32);
        StartVmWorker(b, 32);
        using var measured = Start(standIn, Task(pod, a, b), resetCycles: 0, stableCycles: -2);
        var (referenced, _) = measured.Iterate();
        // The sum of both containers (a mean would be some 32 MiB).
        Assert.InRange(referenced, 0.75 * VmBytes, VmBytes + (64 << 20));
        measured.Iterate();
        var (last, estimate) = measured.Iterate();
        Assert.NotNull(estimate);
        Assert.InRange(estimate.Value, 0.75 * VmBytes, VmBytes + (64 << 20));
        Assert.Equal([RdtGroupName.For("wss")], standIn.Mount.MonitoringGroups(""));
    }

    [Fact]
    public void Without_mbm_the_estimate_is_said_once_to_need_it_and_only_referenced_bytes_are_reported()
    {
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { MonitoringFeatures = ["llc_occupancy"] });
        using var cgroup = TestCgroup.Create("wss-nombm");
        StartVmWorker(cgroup, 64);
        using var measured = Start(standIn, Task(cgroup), resetCycles: 0, stableCycles: -2);
        for (var i = 0; i < 4; i++)
        {
            var (referenced, wss) = measured.Iterate();
            Assert.Null(wss);
            Assert.InRange(referenced, 0.75 * VmBytes, VmBytes + (64 << 20));
        }
        var warning = Assert.Single(measured.Logs.Lines, l => l.Message.Contains("wss_stable_cycles", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("offers no mbm_total_bytes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("rdt=mbmtotal", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("does not have yet", warning.Message, StringComparison.Ordinal);
    }
}
