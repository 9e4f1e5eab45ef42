using System.Text.RegularExpressions;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Sched;

/// <summary>Makes the scheduler-statistics resource of each task cgroup: its thread list is v1 <c>tasks</c> or v2 <c>cgroup.threads</c>.</summary>
internal sealed class SchedStatFactory(CgroupLayout layout, string procRoot, Regex? keys) : ITaskResourceFactory
{
    public ITaskResource? Open(string cgroupPath)
    {
        var hierarchy = layout.TaskHierarchy;
        if (hierarchy is null) return null;
        var file = ReferenceEquals(hierarchy, layout.Unified) ? "cgroup.threads" : "tasks";
        return new SchedStatResource(Path.Combine(CgroupLayout.Join(hierarchy, cgroupPath), file), procRoot, keys);
    }
}
