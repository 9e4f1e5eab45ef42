using Wca.Host.Logging;
using Wca.Kernel.Resctrl;

namespace Wca.Measurement.Rdt;

/// <summary>What RDT monitoring keeps for one task: its group, where it is, which pids were written, the last bandwidth reading.</summary>
internal sealed class MonitoredTask(string taskId, string group, string[] threadFiles)
{
    public string TaskId { get; } = taskId;

    /// <summary>The monitoring group's name (wca-...).</summary>
    public string Group { get; } = group;

    /// <summary>The thread lists of every cgroup of the task (a pod's own and its containers').</summary>
    public string[] ThreadFiles { get; set; } = threadFiles;

    /// <summary>The pod's container cgroups the thread lists were made for.</summary>
    public IReadOnlyList<string> Subcgroups { get; set; } = [];

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

    public FailureLatch Failure { get; } = new();
}
