using Wca.Api;
using Wca.Kernel.Resctrl;

namespace Wca.Measurement.Rdt;

/// <summary>
/// One task's RDT monitoring, its task-scoped resource: its group, where it is, which pids were written, the last
/// bandwidth reading. The work is done by the <see cref="RdtMonitoring"/> it belongs to, which the tasks share.
/// </summary>
internal sealed class MonitoredTask(RdtMonitoring owner, string taskId, string cgroupPath, string group, string[] threadFiles) : ITaskScopedResource
{
    private bool _closed;

    public string Name => "resctrl";

    public string? Error { get; internal set; }

    public string TaskId { get; } = taskId;

    /// <summary>The task's cgroup (the key the working set finds this group by).</summary>
    public string CgroupPath { get; } = cgroupPath;

    /// <summary>The monitoring group's name (wca-...).</summary>
    public string Group { get; } = group;

    /// <summary>The thread lists of every cgroup of the task (a pod's own and its containers').</summary>
    public string[] ThreadFiles { get; set; } = threadFiles;

    /// <summary>The control group the monitoring group exists in; null = not made (yet, or again after it vanished).</summary>
    public string? ControlGroup { get; set; }

    /// <summary>The group's tasks and counter files; null while the group does not exist.</summary>
    public MonitoringGroupFiles? Files { get; set; }

    /// <summary>The pids the group is known to hold (sorted): written by the agent, or found there.</summary>
    public int[] Written { get; set; } = [];

    /// <summary>mbm_total_bytes and the time of the last reading, for the bandwidth rate; null = no base (first reading, or the group was remade).</summary>
    public long? LastTotal { get; set; }

    public double LastSeconds { get; set; }

    /// <summary>The bytes of memory traffic between the last two readings (WSS stability); null when unknown.</summary>
    public long? LastDelta { get; set; }

    /// <summary>No RMID was left for its group: measured without RDT until one frees up.</summary>
    public bool Unmonitored { get; set; }

    /// <summary>The memory traffic (bytes) between this iteration's reading and the one before; false when unknown.</summary>
    public bool TryGetBandwidthDelta(out long bytes)
    {
        bytes = LastDelta ?? 0;
        return LastDelta is not null;
    }

    public void Follow(NodeTask task) => owner.Follow(this, task);

    /// <summary>Nothing before the collection: the pids are synced there, right before the counters are read.</summary>
    public void Sync()
    {
    }

    public CollectOutcome Collect(TaskSample sample) => _closed ? CollectOutcome.Gone : owner.Collect(this, sample);

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        owner.Close(this);
    }
}
