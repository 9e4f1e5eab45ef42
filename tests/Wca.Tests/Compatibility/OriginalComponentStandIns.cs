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

/// <summary>What the allocator stand-ins are (independent of the agent's IAllocator, which is being built).</summary>
public interface IAllocatorStandIn : IOriginalStandIn;

public enum CgroupDriverStandIn
{
    Cgroupfs,
    Systemd,
}

public enum NumaAlgorithmStandIn
{
    FillBiggestFirst,
    MinimizeMigrations,
}

/// <summary>The final release's AllocationRunner: a composition around a MeasurementRunner (later-versions.md §2).</summary>
public sealed class AllocationRunnerStandIn(
    MeasurementRunner measurementRunner,
    IAllocatorStandIn allocator,
    IStorage? allocationsStorage = null,
    IStorage? anomaliesStorage = null,
    bool rdtMbControlRequired = false,
    bool rdtCacheControlRequired = false,
    bool removeAllResctrlGroups = false) : IRunner, IOriginalStandIn
{
    public MeasurementRunner MeasurementRunner { get; } = measurementRunner;
    public IAllocatorStandIn Allocator { get; } = allocator;
    public IStorage? AllocationsStorage { get; } = allocationsStorage;
    public IStorage? AnomaliesStorage { get; } = anomaliesStorage;
    public bool RdtMbControlRequired { get; } = rdtMbControlRequired;
    public bool RdtCacheControlRequired { get; } = rdtCacheControlRequired;
    public bool RemoveAllResctrlGroups { get; } = removeAllResctrlGroups;
    public int Run(CancellationToken stopping) => 0;
}

public sealed class NopAllocatorStandIn : IAllocatorStandIn;

/// <summary>StaticAllocator: inline rules (not validated by the original's config system) and/or a rules file.</summary>
public sealed class StaticAllocatorStandIn(List<Dictionary<string, object?>>? rules = null, string? config = null) : IAllocatorStandIn
{
    public IReadOnlyList<Dictionary<string, object?>>? Rules { get; } = rules;
    public string? Config { get; } = config;
}

public sealed class NumaAllocatorStandIn(
    NumaAlgorithmStandIn algorithm = NumaAlgorithmStandIn.FillBiggestFirst,
    double loopMinTaskBalance = 0.0,
    bool freeSpaceCheck = false,
    bool migratePages = true,
    double migratePagesMinTaskBalance = 0.95,
    bool cgroupsMemoryBinding = false,
    bool cgroupsMemoryMigrate = false,
    bool dryrun = false) : IAllocatorStandIn
{
    public NumaAlgorithmStandIn Algorithm { get; } = algorithm;
    public double LoopMinTaskBalance { get; } = loopMinTaskBalance;
    public bool FreeSpaceCheck { get; } = freeSpaceCheck;
    public bool MigratePages { get; } = migratePages;
    public double MigratePagesMinTaskBalance { get; } = migratePagesMinTaskBalance;
    public bool CgroupsMemoryBinding { get; } = cgroupsMemoryBinding;
    public bool CgroupsMemoryMigrate { get; } = cgroupsMemoryMigrate;
    public bool Dryrun { get; } = dryrun;
}
