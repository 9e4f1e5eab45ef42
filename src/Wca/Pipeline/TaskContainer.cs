using Wca.Api;
using Wca.Measurement;

namespace Wca.Pipeline;

/// <summary>
/// One task being measured (the original calls it the container): the node's task, its label sets (rebuilt only
/// when the node reports different labels) and its per-task resources, one set per measured cgroup: the task's own
/// cgroup, or each container cgroup of a pod (<see cref="NodeTask.SubcgroupPaths"/>), whose values are merged;
/// then the resources of the whole task (<see cref="ITaskScopedResource"/>: its resctrl group, its working set),
/// opened once with the task, told when its cgroups change, and collected into the merged sample.
/// </summary>
internal sealed partial class TaskContainer : IDisposable
{
    private readonly Dictionary<LabelSet, LabelSet> _leveled = new(ReferenceEqualityComparer.Instance);
    private readonly ITaskResourceFactory[] _factories;
    private readonly ITaskScopedResource[] _taskScoped;
    private IReadOnlyDictionary<string, string>? _labelsFrom;
    private LabelSet _common = LabelSet.Empty;
    private MeasuredCgroup[] _cgroups = [];
    private IReadOnlyList<string> _cgroupPaths = [];

    public TaskContainer(NodeTask task, ITaskResourceFactory[] factories, ITaskScopedResourceFactory[]? taskFactories = null)
    {
        Task = task;
        _factories = factories;
        OpenResources(task);
        _taskScoped = OpenTaskScoped(task, taskFactories ?? []);
        if (_taskScoped.Length > 0) TaskScoped = new MeasuredCgroup(_taskScoped);
    }

    public NodeTask Task { get; private set; }

    /// <summary>Task labels (sanitized, plus task_id and task_name) overlaid by the common labels.</summary>
    public LabelSet Labels { get; private set; } = LabelSet.Empty;

    /// <summary>Task labels without the common ones (what detectors see).</summary>
    public LabelSet TaskLabels { get; private set; } = LabelSet.Empty;

    /// <summary>Whether the last collection found every cgroup gone (so a vanished task is warned about once).</summary>
    public bool Failing { get; set; }

    /// <summary>The layout of this task's last kept sample (runners with a detector or allocator).</summary>
    public MeasurementShape? Shape { get; set; }

    /// <summary>The resources of the task's only measured cgroup (null for a pod): the measuring loop goes there directly.</summary>
    public MeasuredCgroup? Single => _cgroups.Length == 1 ? _cgroups[0] : null;

    /// <summary>The resources of the whole task, collected after its cgroups' (null when it has none: nothing to do).</summary>
    public MeasuredCgroup? TaskScoped { get; }

    /// <summary>The cgroups measured for this task: its own, or its containers'.</summary>
    public IReadOnlyList<string> MeasuredCgroups => _cgroupPaths;

    /// <summary>
    /// Takes the node's fresh view of the task; returns true when its labels or its measured cgroups changed (a pod
    /// whose containers changed gets its per-container resources rebuilt).
    /// </summary>
    public bool Update(NodeTask fresh, LabelSet common, Func<NodeTask, LabelSet> buildTaskLabels)
    {
        var previous = Task;
        Task = fresh;
        var changed = false;
        if (!ReferenceEquals(previous.SubcgroupPaths, fresh.SubcgroupPaths) && !previous.SubcgroupPaths.SequenceEqual(fresh.SubcgroupPaths, StringComparer.Ordinal))
        {
            CloseResources();
            OpenResources(fresh);
            foreach (var resource in _taskScoped) resource.Follow(fresh);
            changed = true;
        }
        if (ReferenceEquals(_common, common) && _labelsFrom is not null && (ReferenceEquals(_labelsFrom, fresh.Labels) || SameLabels(_labelsFrom, fresh.Labels))
            && TaskLabels.TryGetValue("task_id", out var id) && id == fresh.TaskId && TaskLabels.TryGetValue("task_name", out var name) && name == fresh.Name)
            return changed;
        _labelsFrom = fresh.Labels;
        _common = common;
        TaskLabels = buildTaskLabels(fresh);
        Labels = TaskLabels.Merge(common);
        _leveled.Clear();
        return true;
    }

    /// <summary>
    /// Syncs and collects every resource of every measured cgroup into <paramref name="sample"/> (a pod's containers
    /// through <paramref name="scratch"/>, merged). True when at least one resource gave values; a failing resource is
    /// reported to <paramref name="failures"/> and the others still count.
    /// </summary>
    public bool Collect(TaskSample sample, TaskSample scratch, IResourceFailures failures)
    {
        var cgroups = _cgroups;
        if (cgroups.Length == 1) return cgroups[0].Collect(this, sample, failures);
        var any = false;
        foreach (var cgroup in cgroups)
        {
            scratch.Clear();
            if (!cgroup.Collect(this, scratch, failures)) continue;
            sample.MergeFrom(scratch);
            any = true;
        }
        sample.FinishMerge();
        return any;
    }

    /// <summary>Labels of a leveled series (e.g. numa_node) of this task, built once per level set.</summary>
    public LabelSet LabelsWith(LabelSet levels)
    {
        if (!_leveled.TryGetValue(levels, out var merged))
        {
            merged = TaskLabels.Merge(levels).Merge(_common);
            _leveled[levels] = merged;
        }
        return merged;
    }

    private void OpenResources(NodeTask task)
    {
        _cgroupPaths = task.SubcgroupPaths.Count > 0 ? task.SubcgroupPaths : [task.CgroupPath];
        var cgroups = new MeasuredCgroup[_cgroupPaths.Count];
        for (var i = 0; i < cgroups.Length; i++) cgroups[i] = new MeasuredCgroup(Open(_cgroupPaths[i]));
        _cgroups = cgroups;
    }

    private ITaskResource[] Open(string cgroupPath)
    {
        var resources = new List<ITaskResource>(_factories.Length);
        foreach (var factory in _factories)
            if (factory.Open(cgroupPath) is { } resource) resources.Add(resource);
        return [.. resources];
    }

    private static ITaskScopedResource[] OpenTaskScoped(NodeTask task, ITaskScopedResourceFactory[] factories)
    {
        if (factories.Length == 0) return [];
        var resources = new List<ITaskScopedResource>(factories.Length);
        foreach (var factory in factories)
            if (factory.Open(task) is { } resource) resources.Add(resource);
        return [.. resources];
    }

    private void CloseResources()
    {
        foreach (var cgroup in _cgroups) cgroup.Dispose();
        _cgroups = [];
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var other) || !string.Equals(v, other, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public void Dispose()
    {
        CloseResources();
        TaskScoped?.Dispose();
    }
}
