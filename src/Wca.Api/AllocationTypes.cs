namespace Wca.Api;

/// <summary>The allocation type names, as the original spells them (rules files, metrics' allocation_type, logs).</summary>
public static class AllocationTypes
{
    /// <summary>Normalized CFS quota (<see cref="TaskAllocation.CpuQuota"/>).</summary>
    public const string CpuQuota = "cpu_quota";

    /// <summary>Normalized CPU shares (<see cref="TaskAllocation.CpuShares"/>).</summary>
    public const string CpuShares = "cpu_shares";

    /// <summary>CPU list (<see cref="TaskAllocation.CpusetCpus"/>).</summary>
    public const string CpusetCpus = "cpuset_cpus";

    /// <summary>The 2019 name of <see cref="CpusetCpus"/>, accepted as it.</summary>
    public const string CpuSet = "cpu_set";

    /// <summary>NUMA node list (<see cref="TaskAllocation.CpusetMems"/>).</summary>
    public const string CpusetMems = "cpuset_mems";

    /// <summary>cpuset.memory_migrate, 0/1 (<see cref="TaskAllocation.CpusetMemoryMigrate"/>).</summary>
    public const string CpusetMemoryMigrate = "cpuset_memory_migrate";

    /// <summary>Target NUMA node of migrate_pages(2) (<see cref="TaskAllocation.MigratePages"/>).</summary>
    public const string MigratePages = "migrate_pages";

    /// <summary>resctrl group and schemata (<see cref="TaskAllocation.Rdt"/>).</summary>
    public const string Rdt = "rdt";

    /// <summary>Every type, in the order metrics and logs list them.</summary>
    public static IReadOnlyList<string> All { get; } = [CpuQuota, CpuShares, CpusetCpus, CpusetMems, CpusetMemoryMigrate, MigratePages, Rdt];
}
