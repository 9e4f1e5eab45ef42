using Microsoft.Extensions.Logging.Abstractions;
using Wca.Actuation;
using Wca.Actuation.Rdt;
using Wca.Api;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Rdt;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Actuation.Rdt;

/// <summary>The control groups on the stand-in directly: what the validator cannot catch is refused by the kernel, and said so.</summary>
public sealed class ResctrlControlGroupsTests
{
    private static NodeTask Task(string id) => new() { Name = id, TaskId = id, CgroupPath = "/" + id };

    private static ResctrlControlGroups Groups(ResctrlStandIn resctrl, RdtTaskPlacements? placements = null) =>
        new(resctrl.Root, RdtControlInfo.From(ResctrlInfo.Read(resctrl.Mount, resctrl.MountsFile, resctrl.CpuinfoFile)), resctrl, placements, NullLogger.Instance);

    [Fact]
    public void AKernelRefusalCarriesLastCmdStatusAndTheGroupKeepsItsValue()
    {
        using var resctrl = new ResctrlStandIn();
        using var groups = Groups(resctrl);
        var changes = new List<AllocationChange>();
        var failures = new List<AllocationFailure>();

        groups.Apply(Task("t"), new RdtAllocation("be", "L3:0=f0f"), [Environment.ProcessId], dryRun: false, changes, failures);

        var failure = Assert.Single(failures);
        Assert.Equal("rdt", failure.Type);
        Assert.EndsWith("/wca-be/schemata; info/last_cmd_status: The mask f0f has non-consecutive 1-bits", failure.Reason, StringComparison.Ordinal);
        Assert.StartsWith("the kernel refused L3 \"L3:0=f0f\" for group \"be\": ", failure.Reason, StringComparison.Ordinal);
        Assert.Single(changes); // the move into the group happened
        Assert.Contains("L3:0=fffff;1=fffff", File.ReadAllText(Path.Combine(resctrl.Root, "wca-be", "schemata")), StringComparison.Ordinal);
    }

    [Fact]
    public void MonitoringIsToldWhereATaskIsAndAGroupGoesWithItsLastTask()
    {
        using var resctrl = new ResctrlStandIn();
        var placements = new RdtTaskPlacements();
        using var groups = Groups(resctrl, placements);
        var changes = new List<AllocationChange>();
        var failures = new List<AllocationFailure>();
        groups.Apply(Task("t1"), new RdtAllocation("be", Mb: "MB:0=30"), [], dryRun: false, changes, failures);
        groups.Apply(Task("t2"), new RdtAllocation("be", Mb: "MB:0=30"), [], dryRun: false, changes, failures);
        Assert.Empty(failures);
        Assert.Equal("wca-be", placements.ControlGroupOf("t1"));
        Assert.Equal(new RdtAllocation("be", "L3:0=fffff;1=fffff", "MB:0=30;1=100"), groups.ReadCurrent(Task("t2"), [], null));

        groups.Release("t1");
        Assert.True(Directory.Exists(Path.Combine(resctrl.Root, "wca-be")));
        Assert.Equal("", placements.ControlGroupOf("t1"));
        groups.Release("t2");
        Assert.False(Directory.Exists(Path.Combine(resctrl.Root, "wca-be")));
    }

    [Fact]
    public void TwoTasksOfAGroupAskingDifferentValuesInOneIterationLeaveTheFirstsAndTheSecondFails()
    {
        using var resctrl = new ResctrlStandIn();
        using var groups = Groups(resctrl);
        var changes = new List<AllocationChange>();
        var failures = new List<AllocationFailure>();
        groups.ReadCurrent(Task("t1"), [], null);
        groups.ReadCurrent(Task("t2"), [], null);
        groups.Apply(Task("t1"), new RdtAllocation("be", "L3:0=ff"), [], dryRun: false, changes, failures);
        groups.Apply(Task("t2"), new RdtAllocation("be", "L3:0=f"), [], dryRun: false, changes, failures);

        Assert.Equal("group \"be\" was set to \"L3:0=ff;1=fffff\" by task t1 this iteration: tasks that share a group must ask the same L3 line (\"L3:0=f\" is not written)",
            Assert.Single(failures).Reason);
    }
}
