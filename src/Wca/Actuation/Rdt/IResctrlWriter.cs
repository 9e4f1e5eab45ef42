namespace Wca.Actuation.Rdt;

/// <summary>
/// The resctrl changes the allocation side makes, each answering 0 or the errno (ENOSPC: no free CLOSID; EINVAL: a
/// schemata line the kernel refused, see info/last_cmd_status; ESRCH: the thread exited). Reads go to the files
/// directly. The seam where tests put a driver that does what the kernel would, and count the writes.
/// </summary>
internal interface IResctrlWriter
{
    /// <summary>mkdir of a control group directory.</summary>
    int CreateGroup(string directory);

    /// <summary>rmdir of a control or monitoring group (the kernel moves its tasks to the parent group).</summary>
    int RemoveGroup(string directory);

    /// <summary>One pid written to a group's tasks file (the kernel takes one per write).</summary>
    int MoveTask(string tasksFile, int pid);

    /// <summary>One schemata line written to a group's schemata file.</summary>
    int WriteSchemata(string schemataFile, string line);
}
