using Wca.Actuation;
using Wca.Api;
using AllocationTypes = Wca.Actuation.AllocationTypes;
using Wca.Kernel;
using Wca.Tests.TestSupport;
using static Wca.Tests.Actuation.Actuators;

namespace Wca.Tests.Actuation;

/// <summary>migrate_pages(2) for every process of a task, and the original's rule: not while swap is on.</summary>
public sealed class PageMigrationTests
{
    [Fact]
    public void Migrate_pages_is_refused_while_swap_is_on()
    {
        using var proc = new TestDirectory();
        proc.Write("swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/vdb                                partition\t8388604\t\t0\t\t-2\n");
        using var cg = TestCgroup.Create("swap");
        cg.StartSleeper();
        using var actuator = Factory(procRoot: proc.Path).Create(Task(cg));

        var outcome = actuator.Apply(new TaskAllocation { MigratePages = 0 }, dryRun: false);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(AllocationTypes.MigratePages, failure.Type);
        Assert.StartsWith($"migrate_pages to NUMA node 0 is refused while swap is on (/dev/vdb in {proc.Path}/swaps)", failure.Reason);
        Assert.Empty(outcome.Changes);
        Assert.Null(actuator.ReadCurrent().MigratePages);
    }

    [Fact]
    public void Without_swap_every_process_is_migrated_once_to_the_target_node()
    {
        Assert.Empty(SwapDevices.Active("/proc")); // this VM runs without swap
        using var cg = TestCgroup.Create("migrate");
        cg.StartSleeper();
        cg.StartSleeper();
        using var actuator = Factory().Create(Task(cg));

        var outcome = actuator.Apply(new TaskAllocation { MigratePages = 0 }, dryRun: false);

        Assert.Empty(outcome.Failures);
        var change = Assert.Single(outcome.Changes);
        Assert.Equal((AllocationTypes.MigratePages, (string?)null, "0"), (change.Type, change.Old, change.New));
        Assert.Equal(0, actuator.ReadCurrent().MigratePages);
        Assert.Equal(AllocationOutcome.None, actuator.Apply(new TaskAllocation { MigratePages = 0 }, dryRun: false));
    }

    [Fact]
    public void The_syscall_answers_esrch_for_a_process_that_does_not_exist()
    {
        Assert.Equal(-Posix.Esrch, PageMigration.Migrate(int.MaxValue - 1, [1], 0));
        Assert.Equal(0, PageMigration.Migrate(Environment.ProcessId, [], 0));
    }
}
