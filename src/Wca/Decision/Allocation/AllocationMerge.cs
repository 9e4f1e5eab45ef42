using Wca.Actuation.Rdt;
using Wca.Api;

namespace Wca.Decision.Allocation;

/// <summary>The target state of a task: what the kernel holds now, overlaid by the valid values the allocator asked for.</summary>
internal static class AllocationMerge
{
    /// <summary>
    /// Whether the kernel already holds every value <paramref name="target"/> sets, exactly as read back (the
    /// actuator then has nothing to write or re-apply: skipping it saves reading the files a second time).
    /// </summary>
    public static bool Covers(TaskAllocation? current, TaskAllocation target) =>
        current is not null
        && (target.CpuQuota is null || target.CpuQuota == current.CpuQuota)
        && (target.CpuShares is null || target.CpuShares == current.CpuShares)
        && (target.CpusetCpus is null || target.CpusetCpus == current.CpusetCpus)
        && (target.CpusetMems is null || target.CpusetMems == current.CpusetMems)
        && (target.CpusetMemoryMigrate is null || target.CpusetMemoryMigrate == current.CpusetMemoryMigrate)
        && (target.MigratePages is null || target.MigratePages == current.MigratePages)
        && (target.Rdt is null || RdtHeld(current.Rdt, target.Rdt));

    /// <summary>
    /// Whether the task is in the group <paramref name="target"/> names and the group holds every domain value it
    /// gives, compared without the kernel's padding (agent-core §6.8.4: "L3:0=00ff;1=0ff" is "L3:0=ff;1=ff").
    /// </summary>
    public static bool RdtHeld(RdtAllocation? current, RdtAllocation target) =>
        current is not null
        && target.Name is not null && target.Name == current.Name
        && LineHeld(current.L3, target.L3)
        && LineHeld(current.Mb, target.Mb);

    private static bool LineHeld(string? current, string? target) =>
        target is null
        || (current is not null && SchemataLine.TryParse(target, out _) is { } t && t.IsHeldBy(SchemataLine.TryParse(current, out _)));

    /// <summary>
    /// The rdt target (agent-core §6.8.4): in the same group, the given lines over the current ones (a domain not
    /// given keeps its value, as the kernel keeps it); in another group, the requested value alone.
    /// </summary>
    public static RdtAllocation? MergeRdt(RdtAllocation? current, RdtAllocation? requested)
    {
        if (requested is null) return current;
        if (current is null || requested.Name != current.Name) return requested;
        return new RdtAllocation(current.Name, Over(requested.L3, current.L3), Over(requested.Mb, current.Mb));
    }

    private static string? Over(string? requested, string? current)
    {
        if (requested is null) return current;
        if (current is null || SchemataLine.TryParse(requested, out _) is not { } r) return requested;
        return r.Over(SchemataLine.TryParse(current, out _)).ToString();
    }

    public static TaskAllocation Merge(TaskAllocation? current, TaskAllocation? requested)
    {
        if (requested is null) return current ?? TaskAllocation.None;
        if (current is null) return requested;
        return current with
        {
            CpuQuota = requested.CpuQuota ?? current.CpuQuota,
            CpuShares = requested.CpuShares ?? current.CpuShares,
            CpusetCpus = requested.CpusetCpus ?? current.CpusetCpus,
            CpusetMems = requested.CpusetMems ?? current.CpusetMems,
            CpusetMemoryMigrate = requested.CpusetMemoryMigrate ?? current.CpusetMemoryMigrate,
            MigratePages = requested.MigratePages ?? current.MigratePages,
            Rdt = MergeRdt(current.Rdt, requested.Rdt),
            Reasons = requested.Reasons,
        };
    }
}
