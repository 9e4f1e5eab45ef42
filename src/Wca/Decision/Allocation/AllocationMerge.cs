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
        && target.Rdt is null;

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
            Rdt = requested.Rdt ?? current.Rdt,
            Reasons = requested.Reasons,
        };
    }
}
