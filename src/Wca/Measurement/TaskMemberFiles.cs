using Wca.Api;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement;

/// <summary>The member list of every cgroup of a task, in one hierarchy: its own cgroup's, then a pod's containers'.</summary>
internal static class TaskMemberFiles
{
    /// <summary>
    /// <paramref name="fileName"/> (cgroup.procs, cgroup.threads or tasks) in the task's cgroup and in each of its
    /// <see cref="NodeTask.SubcgroupPaths"/>, under <paramref name="hierarchy"/>.
    /// </summary>
    public static string[] Of(string hierarchy, NodeTask task, string fileName)
    {
        var files = new string[1 + task.SubcgroupPaths.Count];
        files[0] = Path.Combine(CgroupLayout.Join(hierarchy, task.CgroupPath), fileName);
        for (var i = 0; i < task.SubcgroupPaths.Count; i++) files[i + 1] = Path.Combine(CgroupLayout.Join(hierarchy, task.SubcgroupPaths[i]), fileName);
        return files;
    }
}
