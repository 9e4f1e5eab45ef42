using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Measurement.Perf;
using Wca.Pipeline;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf;

/// <summary>Task perf counters on real cgroups of this host (software events: the VM has no hardware counters).</summary>
[Collection(SerialCollection.Name)]
public sealed class PerfCountersTests
{
    private static readonly string[] Software = ["task_clock", "context_switches", "cpu_migrations", "page_faults"];

    private static PerfCounterFactory Factory(IReadOnlyList<string> events, RecordingLogger? log = null, bool aggregate = true, bool derived = false, HostPaths? paths = null)
    {
        var layout = Wca.Kernel.Cgroups.CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        var options = new PerfCounterOptions { EventNames = events, AggregateCpus = aggregate, DerivedMetrics = derived };
        return PerfCounterFactory.Create(options, layout, paths ?? HostPaths.Default, log ?? new RecordingLogger())
            ?? throw new InvalidOperationException("perf is off on this host");
    }

    private static double Value(TaskSample sample, MetricDescriptor descriptor) =>
        sample.TryGet(descriptor, out var v) ? v : throw new Xunit.Sdk.XunitException($"no {descriptor.Name} in the sample");

    private static TaskSample Collect(ITaskResource resource)
    {
        var sample = new TaskSample();
        Assert.Equal(CollectOutcome.Ok, resource.Collect(sample));
        return sample;
    }

    /// <summary>The cgroup's own CPU time (cgroup2 cpu.stat usage_usec), seconds.</summary>
    private static double CpuSeconds(TestCgroup cg)
    {
        var stat = File.ReadAllLines(Path.Combine(Wca.Kernel.Cgroups.CgroupLayout.Join(cg.Layout.Unified!, cg.CgroupPath), "cpu.stat"));
        return long.Parse(stat.First(l => l.StartsWith("usage_usec ", StringComparison.Ordinal))[11..], System.Globalization.CultureInfo.InvariantCulture) / 1e6;
    }

    [Fact]
    public void Task_clock_matches_the_cgroups_own_cpu_usage_within_ten_percent()
    {
        using var cg = TestCgroup.Create("perf-clock");
        cg.StartStressNg("--cpu", "1", "--cpu-load", "100", "--timeout", "60");
        var factory = Factory(Software);
        using var resource = factory.Open(cg.CgroupPath)!;
        Collect(resource);
        Thread.Sleep(300);
        var perf0 = Value(Collect(resource), MetricCatalog.TaskPerfClockSeconds);
        var usage0 = CpuSeconds(cg);
        Thread.Sleep(3000);
        var sample = Collect(resource);
        var perf1 = Value(sample, MetricCatalog.TaskPerfClockSeconds);
        var usage1 = CpuSeconds(cg);
        var perf = perf1 - perf0;
        var usage = usage1 - usage0;
        Assert.True(usage > 0.3, $"the busy cgroup used only {usage} s of CPU in 3 s");
        Assert.InRange(perf, usage * 0.9, usage * 1.1);
        Assert.Equal(1.0, Value(sample, MetricCatalog.TaskScalingFactorMax));
        Assert.Equal(Environment.ProcessorCount * Software.Length, factory.OpenDescriptors); // one group of 4 per CPU
    }

    [Fact]
    public void A_switching_task_has_far_more_context_switches_than_an_idle_one()
    {
        using var busy = TestCgroup.Create("perf-switch");
        using var idle = TestCgroup.Create("perf-idle");
        busy.StartStressNg("--switch", "1", "--timeout", "60");
        idle.StartSleeper();
        var factory = Factory(Software);
        using var busyCounters = factory.Open(busy.CgroupPath)!;
        using var idleCounters = factory.Open(idle.CgroupPath)!;
        Collect(busyCounters);
        Collect(idleCounters);
        Thread.Sleep(2000);
        var switches = Value(Collect(busyCounters), MetricCatalog.TaskPerfContextSwitches);
        var idleSwitches = Value(Collect(idleCounters), MetricCatalog.TaskPerfContextSwitches);
        Assert.True(switches > 1000, $"stress-ng --switch: {switches} context switches in 2 s");
        Assert.True(switches > 100 * Math.Max(idleSwitches, 1), $"busy {switches} vs idle {idleSwitches}");
    }

    private sealed class NoFailures : IResourceFailures
    {
        public List<string> Errors { get; } = [];
        public void Failed(TaskContainer task, ITaskResource resource, FailureLatch latch) => Errors.Add(resource.Error ?? "?");
        public void Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch) { }
    }

    [Fact]
    public void A_pod_sums_its_two_containers()
    {
        using var pod = TestCgroup.Create("perf-pod");
        var first = pod.CreateChild("c1");
        var second = pod.CreateChild("c2");
        first.StartStressNg("--cpu", "1", "--cpu-load", "100", "--timeout", "60");
        second.StartStressNg("--cpu", "1", "--cpu-load", "100", "--timeout", "60");
        var factory = Factory(Software);
        var task = new NodeTask { Name = "pod", TaskId = "pod", CgroupPath = pod.CgroupPath, SubcgroupPaths = [first.CgroupPath, second.CgroupPath] };
        using var container = new TaskContainer(task, [factory]);
        var failures = new NoFailures();
        var sample = new TaskSample();
        Assert.True(container.Collect(sample, new TaskSample(), failures));
        Thread.Sleep(300);
        sample.Clear();
        Assert.True(container.Collect(sample, new TaskSample(), failures));
        var perf0 = Value(sample, MetricCatalog.TaskPerfClockSeconds);
        var usage0 = CpuSeconds(first) + CpuSeconds(second);
        var one0 = CpuSeconds(first);
        Thread.Sleep(3000);
        sample.Clear();
        Assert.True(container.Collect(sample, new TaskSample(), failures));
        var perf = Value(sample, MetricCatalog.TaskPerfClockSeconds) - perf0;
        var usage = CpuSeconds(first) + CpuSeconds(second) - usage0;
        var one = CpuSeconds(first) - one0;
        Assert.Empty(failures.Errors);
        Assert.InRange(perf, usage * 0.9, usage * 1.1);
        Assert.True(perf > one * 1.3, $"pod {perf} s, first container alone {one} s: the second is not in the sum");
        // Gauges merge as the mean: two unmultiplexed containers give 1, not 2.
        Assert.Equal(1.0, Value(sample, MetricCatalog.TaskScalingFactorMax));
        Assert.Equal(Environment.ProcessorCount * 2 * Software.Length, factory.OpenDescriptors);
    }

    [Fact]
    public void An_unsupported_hardware_event_is_warned_about_once_and_the_others_still_report()
    {
        using var cg = TestCgroup.Create("perf-unsupported");
        cg.StartSleeper();
        var log = new RecordingLogger();
        // This VM has no hardware counters: instructions (PERF_COUNT_HW_INSTRUCTIONS) does not open.
        var factory = Factory(["task_instructions", "task_clock", "context_switches"], log);
        Assert.Equal(["task_clock", "context_switches"], factory.Names);
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("perf event task_instructions is not supported here (errno 2, No such file or directory", warning.Message);
        Assert.Contains("the other events go on", warning.Message);
        using var resource = factory.Open(cg.CgroupPath)!;
        var sample = Collect(resource);
        Assert.True(sample.TryGet(MetricCatalog.TaskPerfContextSwitches, out _));
        Assert.False(sample.TryGet(MetricCatalog.TaskInstructions, out _));
        Collect(resource);
        Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public void Per_cpu_mode_gives_one_series_per_online_cpu_with_a_cpu_label()
    {
        using var cg = TestCgroup.Create("perf-percpu");
        cg.StartStressNg("--cpu", "1", "--timeout", "60");
        var factory = Factory(Software, aggregate: false);
        using var resource = factory.Open(cg.CgroupPath)!;
        var sample = Collect(resource);
        var online = OnlineCpus.Parse(File.ReadAllText("/sys/devices/system/cpu/online"))!;
        var clock = sample.Entries.ToArray().Where(e => ReferenceEquals(e.Descriptor, MetricCatalog.TaskPerfClockSeconds)).ToArray();
        Assert.Equal(online.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), clock.Select(e => e.Levels!["cpu"]));
        Assert.Equal(online.Length, sample.Entries.ToArray().Count(e => ReferenceEquals(e.Descriptor, MetricCatalog.TaskScalingFactorAvg)));
        Assert.DoesNotContain(sample.Entries.ToArray(), e => e.Levels is null);
    }

    [Fact]
    public void Derived_metrics_are_absent_on_the_first_iteration_and_without_their_inputs()
    {
        using var cg = TestCgroup.Create("perf-derived");
        cg.StartSleeper();
        var factory = Factory(Software, derived: true);
        using var resource = factory.Open(cg.CgroupPath)!;
        var first = Collect(resource);
        var second = Collect(resource);
        foreach (var sample in new[] { first, second })
            foreach (var d in new[] { MetricCatalog.TaskIps, MetricCatalog.TaskIpc, MetricCatalog.TaskCacheHitRatio, MetricCatalog.TaskCacheMissesPerKiloInstructions })
                Assert.False(sample.TryGet(d, out _), d.Name);
    }

    [Fact]
    public void Derived_metrics_of_the_real_counters_are_the_formulas_over_the_deltas_between_two_collections()
    {
        // This VM has no hardware counters: the inputs are pointed at software events it counts, so the resource's
        // own path (group reads, scaling, sums, the previous iteration) feeds the calculation. "Instructions" are
        // context switches, "cycles" task-clock seconds, "cache misses" page faults, "references" context switches.
        using var cg = TestCgroup.Create("perf-derived-values");
        cg.StartStressNg("--switch", "1", "--timeout", "60");
        var factory = Factory(Software, derived: true);
        int Index(MetricDescriptor d) => Array.FindIndex(factory.Events, e => ReferenceEquals(e.Descriptor, d));
        var switches = Index(MetricCatalog.TaskPerfContextSwitches);
        factory.Derived = new PerfDerivedInputs(switches, Index(MetricCatalog.TaskPerfClockSeconds), Index(MetricCatalog.TaskPerfPageFaults), switches,
            Ips: true, Ipc: true, HitRatio: true, Mpki: true);
        using var resource = factory.Open(cg.CgroupPath)!;
        var first = Collect(resource);
        Assert.False(first.TryGet(MetricCatalog.TaskIpc, out _), "no derived metric on the first collection");
        Assert.False(first.TryGet(MetricCatalog.TaskIps, out _));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Thread.Sleep(1000);
        var second = Collect(resource);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        double Delta(MetricDescriptor d) => Value(second, d) - Value(first, d);
        var cs = Delta(MetricCatalog.TaskPerfContextSwitches);
        var clock = Delta(MetricCatalog.TaskPerfClockSeconds);
        var faults = Delta(MetricCatalog.TaskPerfPageFaults);
        Assert.True(cs > 1000 && clock > 0, $"stress-ng --switch: {cs} switches, {clock} s task clock in 1 s");
        Assert.Equal(cs / clock, Value(second, MetricCatalog.TaskIpc));
        Assert.Equal(faults * 1000 / cs, Value(second, MetricCatalog.TaskCacheMissesPerKiloInstructions));
        Assert.Equal((cs - faults) / cs, Value(second, MetricCatalog.TaskCacheHitRatio));
        // IPS divides by the resource's own interval: between the wall time of the sleep and that of the whole test step.
        Assert.InRange(Value(second, MetricCatalog.TaskIps), cs / (elapsed + 1), cs / 1.0);
    }

    [Fact]
    public void The_start_up_opening_is_said_once_with_its_descriptors_cgroups_and_time()
    {
        using var a = TestCgroup.Create("perf-startup-a");
        using var b = TestCgroup.Create("perf-startup-b");
        var log = new RecordingLogger();
        var factory = Factory(Software, log);
        factory.ReportStartup(); // nothing opened yet (no task in the first iterations): nothing to say, and it waits
        Assert.DoesNotContain(log.Lines, l => l.Message.StartsWith("perf: opened", StringComparison.Ordinal));
        using var first = factory.Open(a.CgroupPath)!;
        using var second = factory.Open(b.CgroupPath)!;
        Collect(first);
        Collect(second);
        factory.ReportStartup();
        var line = Assert.Single(log.Lines, l => l.Message.StartsWith("perf: opened", StringComparison.Ordinal));
        var descriptors = 2 * Environment.ProcessorCount * Software.Length;
        var match = System.Text.RegularExpressions.Regex.Match(line.Message,
            $@"^perf: opened {descriptors} descriptors for 2 task cgroups in (\d+\.\d{{3}}) s \({Environment.ProcessorCount} CPUs x 4 events per cgroup, at the first collection\)$");
        Assert.True(match.Success, line.Message);
        var seconds = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 0, factory.OpeningTime.TotalSeconds + 0.0005);
        Assert.True(factory.OpeningTime > TimeSpan.Zero);
        // Later iterations (and tasks that come later) add no line.
        Collect(first);
        using var third = factory.Open(a.CgroupPath)!;
        Collect(third);
        factory.ReportStartup();
        Assert.Single(log.Lines, l => l.Message.StartsWith("perf: opened", StringComparison.Ordinal));
    }

    [Fact]
    public void Task_churn_of_200_iterations_leaves_the_open_descriptor_count_unchanged()
    {
        using var cg = TestCgroup.Create("perf-churn");
        cg.StartSleeper();
        var factory = Factory(Software);
        // Warm-up: the first opening loads what the runtime keeps open.
        using (var warm = factory.Open(cg.CgroupPath)!) Collect(warm);
        var before = FileDescriptorLimit.OpenCount();
        for (var i = 0; i < 200; i++)
        {
            var resource = factory.Open(cg.CgroupPath)!;
            Collect(resource);
            Collect(resource);
            resource.Dispose();
        }
        Assert.Equal(before, FileDescriptorLimit.OpenCount());
        Assert.Equal(0, factory.OpenDescriptors);
    }

    [Fact]
    public void A_vanished_cgroup_closes_its_counters()
    {
        var cg = TestCgroup.Create("perf-vanish");
        var factory = Factory(Software);
        using var resource = factory.Open(cg.CgroupPath)!;
        Collect(resource);
        Collect(resource);
        Assert.True(factory.OpenDescriptors > 0);
        cg.Dispose();
        // An idle task's cgroup is checked once per LivenessProbeInterval iterations (each task in its own phase).
        var outcomes = new List<CollectOutcome>();
        for (var i = 0; i < PerfCounterFactory.LivenessProbeInterval; i++)
        {
            factory.Refresh();
            outcomes.Add(resource.Collect(new TaskSample()));
        }
        Assert.Equal(CollectOutcome.Gone, outcomes[^1]);
        Assert.Equal(0, factory.OpenDescriptors);
    }

    [Fact]
    public void A_cgroup_recreated_under_the_same_path_is_counted_anew()
    {
        var cg = TestCgroup.Create("perf-recreate");
        var factory = Factory(Software);
        using var resource = factory.Open(cg.CgroupPath)!;
        Collect(resource);
        Collect(resource);
        cg.Dispose();
        using var again = TestCgroup.AtPathOf(cg);
        again.StartStressNg("--cpu", "1", "--timeout", "60");
        // The old cgroup's counters stand still; within one probe interval they are closed and the new cgroup's opened.
        var clock = 0.0;
        for (var i = 0; i < 2 * PerfCounterFactory.LivenessProbeInterval + 2 && clock <= 0; i++)
        {
            factory.Refresh();
            Thread.Sleep(50);
            var sample = new TaskSample();
            if (resource.Collect(sample) == CollectOutcome.Ok && sample.TryGet(MetricCatalog.TaskPerfClockSeconds, out var v)) clock = v;
        }
        Assert.True(clock > 0, "the busy recreated cgroup was never counted: the counters still watch the removed one");
    }

    [Fact]
    public void A_cpu_going_offline_and_online_is_followed_at_the_next_collection()
    {
        if (Environment.ProcessorCount < 2) throw new InvalidOperationException("this test needs two CPUs");
        using var sys = new TestDirectory();
        var online = sys.Write("devices/system/cpu/online", "0\n");
        using var cg = TestCgroup.Create("perf-hotplug");
        cg.StartStressNg("--cpu", "2", "--timeout", "60");
        var factory = Factory(Software, paths: HostPaths.Default with { Sys = sys.Path });
        using var resource = factory.Open(cg.CgroupPath)!;
        Collect(resource);
        Assert.Equal(Software.Length, factory.OpenDescriptors);
        File.WriteAllText(online, "0-1\n");
        factory.Refresh();
        Thread.Sleep(300);
        var before = Value(Collect(resource), MetricCatalog.TaskPerfClockSeconds);
        Assert.Equal(2 * Software.Length, factory.OpenDescriptors);
        File.WriteAllText(online, "0\n");
        factory.Refresh();
        var after = Value(Collect(resource), MetricCatalog.TaskPerfClockSeconds);
        Assert.Equal(Software.Length, factory.OpenDescriptors);
        Assert.True(after >= before, $"the counter went back from {before} to {after} when cpu 1 went offline");
    }
}
