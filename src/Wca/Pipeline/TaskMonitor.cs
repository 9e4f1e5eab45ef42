using Wca.Api;
using Wca.Measurement;
using Wca.Kernel;

namespace Wca.Pipeline;

/// <summary>
/// A task being measured: its open measurement source and its label sets, which are rebuilt only when the
/// node reports different labels.
/// </summary>
internal sealed class TaskMonitor(NodeTask task, ITaskMeasurementSource source) : IDisposable
{
    private readonly Dictionary<LabelSet, LabelSet> _leveled = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyDictionary<string, string>? _labelsFrom;
    private LabelSet _common = LabelSet.Empty;

    public NodeTask Task { get; private set; } = task;
    public ITaskMeasurementSource Source { get; } = source;

    /// <summary>Task labels (sanitized, plus task_id) overlaid by the common labels.</summary>
    public LabelSet Labels { get; private set; } = LabelSet.Empty;

    /// <summary>Task labels without the common ones (what detectors see).</summary>
    public LabelSet TaskLabels { get; private set; } = LabelSet.Empty;

    /// <summary>Whether the last collection failed (so a vanished cgroup is warned about once).</summary>
    public bool Failing { get; set; }

    /// <summary>Takes the node's fresh view of the task; returns true when its labels changed.</summary>
    public bool Update(NodeTask fresh, LabelSet common, Func<IReadOnlyDictionary<string, string>, string, LabelSet> buildTaskLabels)
    {
        Task = fresh;
        if (ReferenceEquals(_common, common) && _labelsFrom is not null && (ReferenceEquals(_labelsFrom, fresh.Labels) || SameLabels(_labelsFrom, fresh.Labels))
            && TaskLabels.TryGetValue("task_id", out var id) && id == fresh.TaskId)
            return false;
        _labelsFrom = fresh.Labels;
        _common = common;
        TaskLabels = buildTaskLabels(fresh.Labels, fresh.TaskId);
        Labels = TaskLabels.Merge(common);
        _leveled.Clear();
        return true;
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

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var other) || !string.Equals(v, other, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public void Dispose() => Source.Dispose();
}
