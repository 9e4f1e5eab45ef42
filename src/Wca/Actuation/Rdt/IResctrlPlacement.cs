namespace Wca.Actuation.Rdt;

/// <summary>
/// Where a task's monitoring group belongs (resctrl.rst "Resource groups": a MON group lives in the mon_groups of
/// its CTRL_MON group, and a thread moved to another control group leaves its monitoring group): the RDT
/// monitoring side asks this every iteration, so a task moved by an rdt allocation is monitored in its new group.
/// </summary>
internal interface IResctrlPlacement
{
    /// <summary>The control group directory of <paramref name="taskId"/>: the resctrl root, or a <c>wca-&lt;name&gt;</c> group.</summary>
    string ControlGroupDirectoryOf(string taskId);
}
