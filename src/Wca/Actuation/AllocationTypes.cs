namespace Wca.Actuation;

/// <summary>The allocation type names as the original spells them (allocator output, rules, metrics' allocation_type).</summary>
internal static class AllocationTypes
{
    public const string CpuQuota = "cpu_quota";
    public const string CpuShares = "cpu_shares";
    public const string CpusetCpus = "cpuset_cpus";
    public const string CpusetMems = "cpuset_mems";
    public const string CpusetMemoryMigrate = "cpuset_memory_migrate";
    public const string MigratePages = "migrate_pages";
    public const string Rdt = "rdt";
}
