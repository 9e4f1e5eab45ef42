using Wca.Api;
using Wca.Api.Configuration;
using Wca.Runners;

namespace Wca.Tests.Compatibility;

// Stand-ins for components of the original's final release the agent does not have yet, registered only by
// OriginalConfigsTests. Each takes exactly the original's keys with their types (agent-core.md §2.10, §5.3, §11.2;
// later-versions.md §2, §4.13, §4.16, §4.17, §3 for KafkaStorage's ssl), so a config that loads here loads with the
// real component as soon as it accepts the original's keys. They do nothing.

/// <summary>A stand-in for a component of the original the agent does not have yet.</summary>
public interface IOriginalStandIn;

public enum NumaAlgorithmStandIn
{
    FillBiggestFirst,
    MinimizeMigrations,
}

/// <summary>The final release's provisional NUMAAllocator (later-versions.md §4.13): its keys; allocates nothing.</summary>
public sealed class NumaAllocatorStandIn(
    NumaAlgorithmStandIn algorithm = NumaAlgorithmStandIn.FillBiggestFirst,
    double loopMinTaskBalance = 0.0,
    bool freeSpaceCheck = false,
    bool migratePages = true,
    double migratePagesMinTaskBalance = 0.95,
    bool cgroupsMemoryBinding = false,
    bool cgroupsMemoryMigrate = false,
    bool dryrun = false) : IAllocator, IOriginalStandIn
{
    public AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks) => AllocationResult.None;

    public NumaAlgorithmStandIn Algorithm { get; } = algorithm;
    public double LoopMinTaskBalance { get; } = loopMinTaskBalance;
    public bool FreeSpaceCheck { get; } = freeSpaceCheck;
    public bool MigratePages { get; } = migratePages;
    public double MigratePagesMinTaskBalance { get; } = migratePagesMinTaskBalance;
    public bool CgroupsMemoryBinding { get; } = cgroupsMemoryBinding;
    public bool CgroupsMemoryMigrate { get; } = cgroupsMemoryMigrate;
    public bool Dryrun { get; } = dryrun;
}
