using System.Collections.Concurrent;

namespace Wca.Measurement.Rdt;

/// <summary>
/// Which resctrl control group each task is in, by task id: the allocation side records here where it moved a
/// task's pids (<see cref="Place"/>); RDT monitoring reads it every iteration and keeps the task's monitoring group
/// inside that control group's mon_groups (the kernel accepts a pid into a monitoring group only when its control
/// group holds it: resctrl.rst, "Resource alloc and monitor groups"). A task never placed is in the root group "".
/// After a restart, monitoring finds an existing group of the task in any control group and records it here.
/// </summary>
internal sealed class RdtTaskPlacements
{
    private readonly ConcurrentDictionary<string, string> _controlGroups = new(StringComparer.Ordinal);

    /// <summary>The control group of a task ("" = the root group).</summary>
    public string ControlGroupOf(string taskId) => _controlGroups.TryGetValue(taskId, out var group) ? group : "";

    /// <summary>Records that the task's pids are (now) in <paramref name="controlGroup"/> ("" = root).</summary>
    public void Place(string taskId, string controlGroup)
    {
        if (controlGroup.Length == 0) _controlGroups.TryRemove(taskId, out _);
        else _controlGroups[taskId] = controlGroup;
    }

    /// <summary>Forgets a vanished task.</summary>
    public void Forget(string taskId) => _controlGroups.TryRemove(taskId, out _);

    /// <summary>The tasks placed outside the root group, by task id.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(_controlGroups, StringComparer.Ordinal);
}
