using System.Collections.ObjectModel;

namespace Wca.Api;

/// <summary>
/// Resources assigned to one task: what an allocator asks for, or what the kernel holds now (the current
/// allocations of <see cref="TaskData.Allocations"/>). Null means "leave as is" (or, read back, "not available").
/// Normalized values: 1.0 cpu_quota is the whole machine; 1.0 cpu_shares is <c>cpu_shares_unit</c> shares.
/// The runner validates every value per task: an invalid one is logged, counted and skipped, the rest apply.
/// </summary>
public sealed record TaskAllocation
{
    /// <summary>No allocation.</summary>
    public static readonly TaskAllocation None = new();

    /// <summary>No named values.</summary>
    public static readonly IReadOnlyDictionary<string, object?> NoNamed = ReadOnlyDictionary<string, object?>.Empty;

    /// <summary>No reasons.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoReasons = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>CFS quota as a share of the whole machine (1.0 = all CPUs = unlimited), 0 to 1.</summary>
    public double? CpuQuota { get; init; }

    /// <summary>CPU weight in units of <c>cpu_shares_unit</c> shares, 0 or more.</summary>
    public double? CpuShares { get; init; }

    /// <summary>CPUs the task may run on, cgroup list format, e.g. "0-3,8" (online CPUs only).</summary>
    public string? CpusetCpus { get; init; }

    /// <summary>NUMA nodes the task may allocate on, cgroup list format, e.g. "0,1" (existing nodes only).</summary>
    public string? CpusetMems { get; init; }

    /// <summary>Whether pages move when <see cref="CpusetMems"/> changes (cpuset.memory_migrate).</summary>
    public bool? CpusetMemoryMigrate { get; init; }

    /// <summary>Target NUMA node for migrate_pages(2) of every process of the task.</summary>
    public int? MigratePages { get; init; }

    /// <summary>Intel RDT (resctrl) control group and schemata of the task (tasks with the same name share one group).</summary>
    public RdtAllocation? Rdt { get; init; }

    /// <summary>
    /// Allocations by the original's type name (<see cref="AllocationTypes"/>; <c>cpu_set</c> is accepted for
    /// <c>cpuset_cpus</c>) with their values as written (numbers, strings, booleans, an rdt mapping): what a rules
    /// file or a dynamically shaped plugin produces. The runner converts and validates them like the typed
    /// properties: an unknown type or a value of the wrong kind is rejected with its reason. A typed property that
    /// is set wins over a named value of the same type.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Named { get; init; } = NoNamed;

    /// <summary>
    /// Why each value is asked for, by allocation type name (e.g. the StaticAllocator rule that set it): shown in
    /// the log line of every applied change. Types without an entry are attributed to the allocator.
    /// </summary>
    public IReadOnlyDictionary<string, string> Reasons { get; init; } = NoReasons;
}

/// <summary>A resctrl control group and its schemata lines.</summary>
/// <param name="Name">Group name; null = the task's own container name; "" = root group.</param>
/// <param name="L3">e.g. "L3:0=fffff;1=fffff"; null = keep.</param>
/// <param name="Mb">e.g. "MB:0=100;1=100"; null = keep.</param>
public sealed record RdtAllocation(string? Name = null, string? L3 = null, string? Mb = null);
