using Wca.Api;

namespace Wca.Actuation;

/// <summary>
/// The allocations of one task, read from and written to its cgroups (the pod cgroup and its containers' cgroups).
/// Like the per-task measurement resources, it lives as long as the task: created when the task appears
/// (<see cref="ITaskActuatorFactory.Create"/>), told about a fresh view of the task every iteration
/// (<see cref="Update"/>), disposed when the task vanishes or the agent stops. Used from the iteration thread only.
/// It keeps no allocation state of its own except what it wrote last (to tell drift from a new target): the current
/// values always come from the kernel, so a restarted agent sees what is applied.
/// </summary>
internal interface ITaskActuator : IDisposable
{
    /// <summary>The task as last given (<see cref="ITaskActuatorFactory.Create"/> or <see cref="Update"/>).</summary>
    NodeTask Task { get; }

    /// <summary>Takes the node's fresh view of the task (e.g. a pod whose containers changed). Must not throw.</summary>
    void Update(NodeTask fresh);

    /// <summary>
    /// The task's allocations as the kernel holds them now, normalized as the allocator sees them: cpu_quota (1.0 =
    /// the whole machine, also for "no limit"), cpu_shares (in cpu_shares_unit), cpuset_cpus and cpuset_mems (list
    /// format, as the kernel prints them), cpuset_memory_migrate, and migrate_pages = the node this actuator last
    /// migrated the task to (the kernel has no such state; null after a restart). A value that cannot be read is
    /// null, and why is added to <paramref name="failures"/>. Must not throw.
    /// </summary>
    TaskAllocation ReadCurrent(ICollection<AllocationFailure>? failures = null);

    /// <summary>
    /// Writes the values of <paramref name="target"/> that are set (null = leave as is) and differ from what the
    /// kernel holds, within <see cref="AllocationTolerance"/>; each write is read back. A value the kernel refuses is
    /// a failure and the other values still apply. A value that differs from what this actuator wrote last was
    /// changed behind its back: it is re-applied, its change says <see cref="AllocationChange.WasDrift"/> and a
    /// warning names the file. With <paramref name="dryRun"/> the changes are computed and returned, nothing is
    /// written. Must not throw.
    /// </summary>
    AllocationOutcome Apply(TaskAllocation target, bool dryRun);
}
