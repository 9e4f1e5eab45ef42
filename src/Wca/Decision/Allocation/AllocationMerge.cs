using Wca.Api;

namespace Wca.Decision.Allocation;

/// <summary>The target state of a task: what the kernel holds now, overlaid by the valid values the allocator asked for.</summary>
internal static class AllocationMerge
{
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
