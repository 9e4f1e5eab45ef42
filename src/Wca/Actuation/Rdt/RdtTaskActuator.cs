using Wca.Api;

namespace Wca.Actuation.Rdt;

/// <summary>
/// A task's actuator with its rdt value: the cgroup values go to the inner actuator, the rdt group and schemata to
/// the runner's <see cref="ResctrlControlGroups"/>. The task's threads are read from its cgroups (the pod's and its
/// containers') whenever the group side needs them.
/// </summary>
internal sealed class RdtTaskActuator(ITaskActuator inner, ResctrlControlGroups groups, string? taskHierarchy) : ITaskActuator
{
    private readonly List<int> _threads = [];

    public NodeTask Task => inner.Task;

    public void Update(NodeTask fresh) => inner.Update(fresh);

    public TaskAllocation ReadCurrent(ICollection<AllocationFailure>? failures = null)
    {
        var current = inner.ReadCurrent(failures);
        return groups.Info.Control ? current with { Rdt = groups.ReadCurrent(Task, Threads(), failures) } : current;
    }

    public AllocationOutcome Apply(TaskAllocation target, bool dryRun)
    {
        if (target.Rdt is not { } rdt) return inner.Apply(target, dryRun);
        var cgroups = inner.Apply(target with { Rdt = null }, dryRun);
        var changes = new List<AllocationChange>(cgroups.Changes);
        var failures = new List<AllocationFailure>(cgroups.Failures);
        groups.Apply(Task, rdt, Threads(), dryRun, changes, failures);
        return changes.Count == 0 && failures.Count == 0 ? AllocationOutcome.None : new AllocationOutcome(changes, failures);
    }

    public void Dispose()
    {
        inner.Dispose();
        groups.Release(Task.TaskId);
    }

    /// <summary>The thread ids of the task's cgroups (v1 tasks, v2 cgroup.threads); a cgroup gone has none.</summary>
    private List<int> Threads()
    {
        _threads.Clear();
        if (taskHierarchy is null) return _threads;
        Add(Task.CgroupPath);
        foreach (var sub in Task.SubcgroupPaths) Add(sub);
        return _threads;
    }

    private void Add(string cgroupPath)
    {
        var dir = Wca.Kernel.Cgroups.CgroupLayout.Join(taskHierarchy!, cgroupPath);
        var file = File.Exists(dir + "/tasks") ? dir + "/tasks" : dir + "/cgroup.threads";
        var ids = Wca.Kernel.Cgroups.CgroupMembers.Read(file, out _);
        if (ids is null) return;
        foreach (var id in ids)
            if (int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tid) && !_threads.Contains(tid))
                _threads.Add(tid);
    }
}
