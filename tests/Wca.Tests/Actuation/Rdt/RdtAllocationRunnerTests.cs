using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Actuation;
using Wca.Api;
using Wca.Decision.Static;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Actuation.Rdt;

/// <summary>
/// rdt allocations through the AllocationRunner on the resctrl stand-in (a 2-socket machine; its driver does what the
/// kernel does), with real processes in real cgroups whose threads are mirrored into it: shared groups by name,
/// the tasks file not rewritten, CLOS exhaustion, invalid values, orphans and foreign groups, restart read-back,
/// root defaults, the *_control_required checks.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RdtAllocationRunnerTests
{
    private static AgentServices Services(ResctrlStandIn resctrl, ILoggerFactory? loggers = null) =>
        new(loggers ?? NullLoggerFactory.Instance, HostPaths.Default with { ResctrlRoot = resctrl.Root }, new LogCounters(), TimeProvider.System);

    private static StaticNode Node(params TestCgroup[] tasks) =>
        new([.. tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), NullLogger.Instance);

    private static AllocationRunner Runner(ResctrlStandIn resctrl, TestDirectory dir, string rules, ILoggerFactory? loggers, params TestCgroup[] tasks) => new(Services(resctrl, loggers))
    {
        Node = Node(tasks),
        RdtEnabled = true,
        ResctrlFiles = resctrl,
        Allocator = new StaticAllocator(Services(resctrl, loggers)) { Config = dir.Write("rules.yaml", rules) },
        MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
        AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
        AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
    };

    private static string Group(ResctrlStandIn resctrl, string name) => Path.Combine(resctrl.Root, "wca-" + name);

    private static string Schemata(string group) => File.ReadAllText(Path.Combine(group, "schemata"));

    private static IReadOnlyList<PrometheusSample> Allocations(TestDirectory dir) =>
        PrometheusSamples.Parse(File.ReadAllText(dir.File("allocations.prom")));

    /// <summary>The allocation side's writes: RDT monitoring writes the tasks of its mon_groups too.</summary>
    private static string[] Writes(ResctrlStandIn resctrl) => resctrl.WriteLog.Where(w => !w.Contains("/mon_groups/", StringComparison.Ordinal)).ToArray();

    private static string Rule(TestCgroup task, string rdt) => $"- task_id: {task.Name}\n  allocations: {{rdt: {rdt}}}\n";

    [Fact]
    public void TasksWithTheSameNameShareOneGroupAndUnchangedThreadsAreNotWrittenAgain()
    {
        using var resctrl = new ResctrlStandIn();
        using var a = TestCgroup.Create("rdt-a");
        using var b = TestCgroup.Create("rdt-b");
        using var dir = new TestDirectory();
        a.StartSleeper();
        b.StartSleeper();
        var rule = "{name: be, l3: 'L3:0=f;1=00f', mb: 'MB:0=50;1=50'}";
        using var runner = Runner(resctrl, dir, Rule(a, rule) + Rule(b, rule), null, a, b);
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);

        var group = Group(resctrl, "be");
        Assert.Equal([group], Directory.GetDirectories(resctrl.Root, "wca-*"));
        Assert.Equal(a.ReadPids().Concat(b.ReadPids()).Order(), resctrl.TasksOf(group).Order());
        Assert.Contains("L3:0=0000f;1=0000f", Schemata(group), StringComparison.Ordinal);
        Assert.Contains("MB:0=50;1=50", Schemata(group).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1, resctrl.WritesTo(Path.Combine(group, "schemata")) - 1); // one L3 and one MB line, once for both tasks
        var ways = Allocations(dir).Where(s => s.Name == "allocation_rdt_l3_cache_ways").ToArray();
        Assert.Equal(4, ways.Length); // 2 tasks x 2 domains
        Assert.All(ways, s => Assert.Equal(("be", 4.0, "rdt_l3_cache_ways"), (s["group_name"], s.Value, s["allocation_type"])));
        Assert.Equal(["0", "1"], ways.Where(s => s["task"] == a.Name).Select(s => s["domain_id"]).Order());
        Assert.Equal([15.0, 15.0], Allocations(dir).Where(s => s.Name == "allocation_rdt_l3_mask" && s["task"] == a.Name).Select(s => s.Value));
        Assert.Equal([50.0, 50.0], Allocations(dir).Where(s => s.Name == "allocation_rdt_mb" && s["task"] == b.Name).Select(s => s.Value));

        var writes = Writes(resctrl).Length;
        runner.RunIteration(0);
        runner.RunIteration(0);
        Assert.Equal(writes, Writes(resctrl).Length); // nothing changed: no tasks or schemata write
        // RDT monitoring followed the tasks: their monitoring groups are in the control group now.
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(group, "mon_groups")).Length);

        // A new thread of a task is moved in on the next iteration, and only it.
        var late = a.StartSleeper();
        runner.RunIteration(0);
        Assert.Equal([$"{Path.Combine(group, "tasks")}\t{late.Id}"], Writes(resctrl).Skip(writes));
        Assert.Contains(late.Id, resctrl.TasksOf(group));
    }

    [Fact]
    public void ATaskMovesBetweenGroupsAndAGroupNoTaskUsesGoesAlsoAtShutdown()
    {
        using var resctrl = new ResctrlStandIn();
        using var a = TestCgroup.Create("rdt-a");
        using var dir = new TestDirectory();
        a.StartSleeper();
        var runner = Runner(resctrl, dir, Rule(a, "{name: one, l3: 'L3:0=ff'}"), null, a);
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        Assert.True(Directory.Exists(Group(resctrl, "one")));

        File.WriteAllText(dir.File("rules.yaml"), Rule(a, "{name: two, mb: 'MB:1=20'}"));
        runner.RunIteration(0);

        Assert.False(Directory.Exists(Group(resctrl, "one")));
        Assert.Equal(a.ReadPids().Order(), resctrl.TasksOf(Group(resctrl, "two")).Order());
        // In another group nothing is inherited (agent-core §6.8.4): the iteration shows what was asked ...
        Assert.Equal(["1"], Allocations(dir).Where(s => s.Name == "allocation_rdt_mb").Select(s => s["domain_id"]));
        runner.RunIteration(0);
        // ... then what the kernel holds: a new group starts with all bandwidth, domain 0 keeps it.
        var mb = Allocations(dir).Where(s => s.Name == "allocation_rdt_mb").ToDictionary(s => s["domain_id"]!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["0"] = 100, ["1"] = 20 }, mb);

        runner.Dispose();
        Assert.Empty(Directory.GetDirectories(resctrl.Root, "wca-*"));
        Assert.Equal(a.ReadPids().Order(), resctrl.TasksOf(resctrl.Root).Intersect(a.ReadPids()).Order());
    }

    [Fact]
    public void WithoutAFreeClosidOnlyTheTaskThatNeedsOneFailsAndSaysWhy()
    {
        // Root + 2 groups: a foreign group takes one, so of the agent's two groups only the first can exist.
        using var resctrl = new ResctrlStandIn(new ResctrlStandInOptions { L3Closids = 3, MbClosids = 3 });
        resctrl.CreateForeignGroup("other");
        using var a = TestCgroup.Create("rdt-a");
        using var b = TestCgroup.Create("rdt-b");
        using var c = TestCgroup.Create("rdt-c");
        using var dir = new TestDirectory();
        a.StartSleeper();
        b.StartSleeper();
        c.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        using var runner = Runner(resctrl, dir,
            Rule(a, "{name: ga, l3: 'L3:0=ff'}") + Rule(b, "{name: gb, l3: 'L3:0=ff0'}") + Rule(c, "{name: gc, l3: 'L3:0=ff'}"), loggers, a, b, c);
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);
        runner.RunIteration(0);

        // The task that came first in the iteration got the last CLOSID; the other was refused by the kernel (a
        // foreign group holds a CLOSID the validator cannot know of) and says why.
        var made = Assert.Single(Directory.GetDirectories(resctrl.Root, "wca-*"));
        var (holder, refused, refusedGroup) = made == Group(resctrl, "ga") ? (a, b, "gb") : (b, a, "ga");
        var warnings = loggers.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Invalid allocation ignored", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Equal(2, warnings.Length); // each once
        Assert.Contains(warnings, w => w.StartsWith($"Invalid allocation ignored: task {refused.Name}, rdt: no free CLOSID for control group \"{refusedGroup}\": the hardware has 3 (the root group included) and 3 are in use (info/last_cmd_status: Out of CLOSIDs); the task stays in group \"\" [kernel_refused]", StringComparison.Ordinal));
        // ... and a fourth group is refused before writing.
        Assert.Contains(warnings, w => w.StartsWith($"Invalid allocation ignored: task {c.Name}, rdt: group \"gc\" would be control group 4, but num_closids is 3 (the root group included): too many resource groups for the available CLOSIDs [out_of_range]", StringComparison.Ordinal));
        Assert.Equal(holder.ReadPids().Order(), resctrl.TasksOf(made).Order());
        // The others' metrics show what the kernel holds: the root group.
        Assert.Equal("", Allocations(dir).First(s => s.Name == "allocation_rdt_l3_mask" && s["task"] == refused.Name)["group_name"]);
    }

    [Fact]
    public void ADryRunReportsTheMoveAndTheLinesAndWritesNothing()
    {
        using var resctrl = new ResctrlStandIn();
        using var a = TestCgroup.Create("rdt-a");
        using var dir = new TestDirectory();
        a.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        var orphan = resctrl.CreateForeignGroup("wca-orphan");
        var writes = Writes(resctrl).Length;
        using var runner = new AllocationRunner(Services(resctrl, loggers))
        {
            Node = Node(a), RdtEnabled = true, ResctrlFiles = resctrl, DryRun = true,
            Allocator = new StaticAllocator(Services(resctrl, loggers)) { Config = dir.Write("rules.yaml", Rule(a, "{name: be, l3: 'L3:0=ff'}")) },
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);

        Assert.Equal(writes, Writes(resctrl).Length);
        Assert.True(Directory.Exists(orphan));
        Assert.Empty(Directory.GetDirectories(resctrl.Root, "wca-b*"));
        var dry = loggers.Lines.Where(l => l.Message.StartsWith($"Dry run, not written: task {a.Name}, rdt: ", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Equal(2, dry.Length);
        Assert.StartsWith($"Dry run, not written: task {a.Name}, rdt: group \"\" → group \"be\"", dry[0], StringComparison.Ordinal);
        Assert.StartsWith($"Dry run, not written: task {a.Name}, rdt: ? → L3:0=ff", dry[1], StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidValuesAreEachTheirOwnProblemAndNothingIsWritten()
    {
        using var resctrl = new ResctrlStandIn();
        using var a = TestCgroup.Create("rdt-a");
        using var dir = new TestDirectory();
        a.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        using var runner = Runner(resctrl, dir, Rule(a, "{name: be, l3: 'L3:0=f0f;2=f', mb: 'MB:0=5'}"), loggers, a);
        Assert.Equal(0, runner.Initialize());
        var writes = Writes(resctrl).Length;

        runner.RunIteration(0);

        Assert.Equal(writes, Writes(resctrl).Length);
        var problems = loggers.Lines.Where(l => l.Message.StartsWith("Invalid allocation ignored", StringComparison.Ordinal)).Select(l => l.Message).ToArray();
        Assert.Equal(3, problems.Length);
        Assert.Contains(problems, p => p.Contains("rdt: l3 \"L3:0=f0f;2=f\": domain 0 mask f0f has a gap: the set bits must be one contiguous run (cbm_mask fffff) [out_of_range]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("rdt: l3 \"L3:0=f0f;2=f\": domain 2 does not exist (domains: 0, 1) [out_of_range]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("rdt: mb \"MB:0=5\": domain 0 value 5 is below min_bandwidth 10 [out_of_range]", StringComparison.Ordinal));
    }

    [Fact]
    public void OrphansOfAnEarlierRunGoAtStartForeignGroupsStayUnlessAllAreToBeRemoved()
    {
        using var resctrl = new ResctrlStandIn();
        using var busy = TestCgroup.Create("rdt-foreign");
        using var dir = new TestDirectory();
        var pid = busy.StartSleeper().Id;
        resctrl.CreateForeignGroup("wca-orphan");
        var foreign = resctrl.CreateForeignGroup("other");
        resctrl.CreateForeignGroup("", "someones-monitor");
        Assert.Equal(0, resctrl.Write(Path.Combine(foreign, "tasks"), System.Text.Encoding.ASCII.GetBytes(pid.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        using (var runner = Runner(resctrl, dir, "[]", null))
            Assert.Equal(0, runner.Initialize());
        Assert.False(Directory.Exists(Path.Combine(resctrl.Root, "wca-orphan")));
        Assert.Equal([pid], resctrl.TasksOf(foreign));
        Assert.True(Directory.Exists(Path.Combine(resctrl.Root, "mon_groups", "someones-monitor")));

        using (var all = new AllocationRunner(Services(resctrl))
        {
            Node = Node(), RdtEnabled = true, ResctrlFiles = resctrl, RemoveAllResctrlGroups = true,
            MetricsStorage = new LogStorage(dir.File("m.prom"), overwrite: true),
        })
            Assert.Equal(0, all.Initialize());
        Assert.False(Directory.Exists(foreign));
        Assert.False(Directory.Exists(Path.Combine(resctrl.Root, "mon_groups", "someones-monitor")));
        Assert.Contains(pid, resctrl.TasksOf(resctrl.Root)); // the kernel moved its threads to the root group
    }

    [Fact]
    public void ARestartedAgentReadsTheAppliedSchemataBackAndWritesNothing()
    {
        using var resctrl = new ResctrlStandIn();
        using var a = TestCgroup.Create("rdt-a");
        using var dir = new TestDirectory();
        a.StartSleeper();
        a.StartSleeper();
        var rules = Rule(a, "{name: be, l3: 'L3:0=f0;1=f0'}");
        var crashed = Runner(resctrl, dir, rules, null, a); // never disposed: it crashed
        Assert.Equal(0, crashed.Initialize());
        crashed.RunIteration(0);
        var writes = Writes(resctrl).Length;

        using var restarted = Runner(resctrl, dir, rules, null, a);
        Assert.Equal(0, restarted.Initialize());
        restarted.RunIteration(0);
        restarted.RunIteration(0);

        Assert.Equal(writes, Writes(resctrl).Length);
        Assert.Equal(a.ReadPids().Order(), resctrl.TasksOf(Group(resctrl, "be")).Order());
        var masks = Allocations(dir).Where(s => s.Name == "allocation_rdt_l3_mask").ToArray();
        Assert.Equal([240.0, 240.0], masks.Select(s => s.Value));
        Assert.All(masks, s => Assert.Equal("be", s["group_name"]));
    }

    [Fact]
    public void TheRootGroupGetsItsDefaultsAtStart()
    {
        using var resctrl = new ResctrlStandIn();
        using var dir = new TestDirectory();
        resctrl.Write(Path.Combine(resctrl.Root, "schemata"), "L3:0=f;1=f\n"u8);

        using (var full = Runner(resctrl, dir, "[]", null))
            Assert.Equal(0, full.Initialize());
        Assert.Contains("L3:0=fffff;1=fffff", Schemata(resctrl.Root), StringComparison.Ordinal);

        using (var configured = new AllocationRunner(Services(resctrl))
        {
            Node = Node(), RdtEnabled = true, ResctrlFiles = resctrl,
            AllocationConfiguration = new AllocationConfiguration(defaultRdtL3: "L3:0=ff;1=ff", defaultRdtMb: "MB:0=50;1=50"),
            MetricsStorage = new LogStorage(dir.File("m.prom"), overwrite: true),
        })
            Assert.Equal(0, configured.Initialize());
        Assert.Contains("L3:0=000ff;1=000ff", Schemata(resctrl.Root), StringComparison.Ordinal);
        Assert.Contains("MB:0=50;1=50", Schemata(resctrl.Root).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var loggers = new RecordingLoggerFactory();
        using var invalid = new AllocationRunner(Services(resctrl, loggers))
        {
            Node = Node(), RdtEnabled = true, ResctrlFiles = resctrl,
            AllocationConfiguration = new AllocationConfiguration(defaultRdtL3: "L3:0=f0f"),
            MetricsStorage = new LogStorage(dir.File("m.prom"), overwrite: true),
        };
        Assert.Equal(1, invalid.Initialize());
        Assert.Contains(loggers.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("Cannot initialize RDT: allocation_configuration: l3 \"L3:0=f0f\": domain 0 mask f0f has a gap", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false, true, 0)]
    [InlineData(false, true, true, 1)] // no MBA on this machine
    [InlineData(true, false, false, 1)] // RDT not enabled at all
    public void ControlRequiredFailsTheStartWithoutTheFeature(bool cache, bool mb, bool rdtEnabled, int exit)
    {
        using var resctrl = new ResctrlStandIn(new ResctrlStandInOptions { MemoryBandwidthControl = false });
        using var dir = new TestDirectory();
        var loggers = new RecordingLoggerFactory();
        using var runner = new AllocationRunner(Services(resctrl, loggers))
        {
            Node = Node(), RdtEnabled = rdtEnabled, ResctrlFiles = resctrl,
            RdtCacheControlRequired = cache, RdtMbControlRequired = mb,
            MetricsStorage = new LogStorage(dir.File("m.prom"), overwrite: true),
        };
        Assert.Equal(exit, runner.Initialize());
        if (exit == 1)
            Assert.Contains(loggers.Lines, l => l.Level == LogLevel.Error
                && l.Message.StartsWith(mb ? "rdt_mb_control_required: true, but RDT memory bandwidth allocation is not available: the root schemata" : "rdt_cache_control_required: true, but RDT L3 cache allocation is not available: RDT is not enabled", StringComparison.Ordinal));
    }
}
