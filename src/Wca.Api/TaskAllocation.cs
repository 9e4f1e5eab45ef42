namespace Wca.Api;

/// <summary>
/// Resources assigned to one task. Null means "leave as is". Normalized values: 1.0 cpu_quota is the
/// whole machine; 1.0 cpu_shares is <c>cpu_shares_unit</c> shares.
/// </summary>
public sealed record TaskAllocation
{
    /// <summary>CFS quota as a share of the whole machine (1.0 = all CPUs).</summary>
    public double? CpuQuota { get; init; }
    /// <summary>CPU weight in units of <c>cpu_shares_unit</c> shares.</summary>
    public double? CpuShares { get; init; }
    /// <summary>cgroup list format, e.g. "0-3,8".</summary>
    public string? CpusetCpus { get; init; }
    /// <summary>NUMA nodes the task may allocate on, cgroup list format, e.g. "0,1".</summary>
    public string? CpusetMems { get; init; }
    /// <summary>Whether pages move when <see cref="CpusetMems"/> changes (cpuset.memory_migrate).</summary>
    public bool? CpusetMemoryMigrate { get; init; }
    /// <summary>Target NUMA node for migrate_pages(2).</summary>
    public int? MigratePages { get; init; }
    /// <summary>Intel RDT (resctrl) group and schemata of the task.</summary>
    public RdtAllocation? Rdt { get; init; }
}

/// <summary>A resctrl control group and its schemata lines.</summary>
/// <param name="Name">Group name; null = the task's own container name; "" = root group.</param>
/// <param name="L3">e.g. "L3:0=fffff;1=fffff".</param>
/// <param name="Mb">e.g. "MB:0=100;1=100".</param>
public sealed record RdtAllocation(string? Name = null, string? L3 = null, string? Mb = null);
