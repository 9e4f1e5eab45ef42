using Wca.Measurement;
using System.Runtime.InteropServices;
using Wca.Api;

namespace Wca.Pipeline;

/// <summary>
/// The tasks being measured, identified across iterations by cgroup path: a new task gets a container (its
/// resources opened), a vanished one is disposed, and the containers are kept in output order (the natural order
/// of their labels) for the measuring loop. After each sync the task-scoped factories are told that an iteration
/// begins (<see cref="ITaskScopedResourceFactory.BeginIteration"/>).
/// </summary>
internal sealed partial class TaskRegistry(ITaskResourceFactory[] factories, ITaskScopedResourceFactory[] taskFactories, Microsoft.Extensions.Logging.ILogger log) : IDisposable
{
    private readonly Dictionary<string, TaskContainer> _containers = new(StringComparer.Ordinal);
    private readonly List<TaskContainer> _ordered = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    // The task instances of the last sync, in the node's order; empty when that sync met a repeated cgroup (it logs each time).
    private readonly List<NodeTask> _synced = [];

    /// <summary>Every container in output order; a new array after each change, the same one while nothing changes.</summary>
    public TaskContainer[] Ordered { get; private set; } = [];

    /// <summary>Takes the node's task list; true when the set, the order or the labels of the containers changed.</summary>
    public bool Sync(IReadOnlyList<NodeTask> tasks, LabelSet common, Func<NodeTask, LabelSet> buildTaskLabels)
    {
        var changed = SyncContainers(tasks, common, buildTaskLabels);
        foreach (var factory in taskFactories) factory.BeginIteration();
        return changed;
    }

    private bool SyncContainers(IReadOnlyList<NodeTask> tasks, LabelSet common, Func<NodeTask, LabelSet> buildTaskLabels)
    {
        // The very task instances of last time (nodes hand them back while nothing changes): containers, labels and
        // order all stand, so the per-task lookups are skipped.
        if (SameAsSynced(tasks)) return false;
        _synced.Clear();
        _seen.Clear();
        var changed = false;
        foreach (var task in tasks)
        {
            if (!_seen.Add(task.CgroupPath))
            {
                Log.RepeatedCgroup(log, task.TaskId, task.CgroupPath);
                continue;
            }
            if (!_containers.TryGetValue(task.CgroupPath, out var container))
            {
                container = new TaskContainer(task, factories, taskFactories);
                _containers.Add(task.CgroupPath, container);
                changed = true;
            }
            changed |= container.Update(task, common, buildTaskLabels);
        }
        if (_containers.Count != _seen.Count)
        {
            foreach (var (path, container) in _containers.Where(p => !_seen.Contains(p.Key)).ToArray())
            {
                container.Dispose();
                _containers.Remove(path);
            }
            changed = true;
        }
        if (changed)
        {
            _ordered.Clear();
            _ordered.AddRange(_containers.Values);
            _ordered.Sort(static (a, b) => LabelOrder.Compare(a.Labels, b.Labels));
            Ordered = [.. _ordered];
        }
        if (_seen.Count == tasks.Count)
            for (var i = 0; i < tasks.Count; i++) _synced.Add(tasks[i]);
        return changed;
    }

    private bool SameAsSynced(IReadOnlyList<NodeTask> tasks)
    {
        if (tasks.Count != _synced.Count || _synced.Count == 0) return false;
        var synced = CollectionsMarshal.AsSpan(_synced);
        if (tasks is NodeTask[] array)
        {
            for (var i = 0; i < synced.Length; i++)
                if (!ReferenceEquals(array[i], synced[i])) return false;
            return true;
        }
        for (var i = 0; i < synced.Length; i++)
            if (!ReferenceEquals(tasks[i], synced[i])) return false;
        return true;
    }

    /// <summary>Disposes every container (the agent stops).</summary>
    public void Clear()
    {
        foreach (var container in _containers.Values) container.Dispose();
        _containers.Clear();
        _ordered.Clear();
        Ordered = [];
        _synced.Clear();
    }

    public void Dispose() => Clear();
}
