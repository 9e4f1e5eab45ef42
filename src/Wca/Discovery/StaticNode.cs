using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Hosting;
using Wca.Measurement.Cgroups;

namespace Wca.Discovery;

/// <summary>
/// A fixed list of tasks whose cgroups already exist (reference <c>StaticNode</c>). Each iteration a task is
/// reported only if its cgroup exists in every measured hierarchy (v1 cpu, cpuacct, memory; cgroup2 in pure v2)
/// and, with <c>require_pids</c>, has processes. A skipped task is warned about once, not every iteration.
/// </summary>
[WcaComponent]
public sealed class StaticNode : INode
{
    private readonly ILogger _log;
    private readonly IReadOnlyList<string> _required;
    private readonly NodeTask[] _all;
    private readonly string?[] _skipReason;
    private NodeTask[] _last = [];

    /// <param name="tasks">Cgroup paths relative to each hierarchy root, with or without a leading '/' (e.g. <c>task1</c>, <c>docker/abc</c>).</param>
    /// <param name="requirePids">Report a task only when its cgroup has processes.</param>
    /// <param name="defaultLabels">Labels of every task.</param>
    /// <param name="defaultResources">Resources of every task (numbers or strings; <c>cpus</c>, <c>mem</c> become task_requested_*).</param>
    /// <param name="tasksLabels">Extra labels per task, keyed by the name as written in <paramref name="tasks"/>.</param>
    public StaticNode(
        List<string> tasks,
        HostPaths hostPaths,
        ILogger logger,
        bool requirePids = false,
        [Str(Target = ValidationTarget.Keys)][Str(Target = ValidationTarget.Values)] Dictionary<string, string>? defaultLabels = null,
        Dictionary<string, object>? defaultResources = null,
        Dictionary<string, Dictionary<string, string>>? tasksLabels = null)
    {
        _log = logger;
        RequirePids = requirePids;
        var layout = CgroupLayout.Detect(hostPaths.CgroupRoot);
        _required = layout.IsPureV2
            ? [layout.Unified!]
            : new[] { layout.Cpu, layout.Cpuacct, layout.Memory }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

        var resources = ToResources(defaultResources);
        _all = tasks.Select(name =>
        {
            var path = "/" + name.Trim('/');
            var labels = new Dictionary<string, string>(defaultLabels ?? [], StringComparer.Ordinal);
            if (tasksLabels is not null && tasksLabels.TryGetValue(name, out var own))
                foreach (var (k, v) in own) labels[k] = v;
            return new NodeTask(Path.GetFileName(path), path[1..], path, NodeTask.NoSubcgroups, labels, resources);
        }).ToArray();
        _skipReason = new string?[_all.Length];
    }

    public bool RequirePids { get; }

    /// <summary>Every configured task, whether or not its cgroup exists now.</summary>
    public IReadOnlyList<NodeTask> ConfiguredTasks => _all;

    public IReadOnlyList<NodeTask> GetTasks()
    {
        var result = new List<NodeTask>(_all.Length);
        for (var i = 0; i < _all.Length; i++)
        {
            var reason = SkipReason(_all[i]);
            if (reason is not null && reason != _skipReason[i])
                _log.LogWarning("StaticNode: {Reason} for '{Task}' - skipping!", reason, _all[i].TaskId);
            else if (reason is null && _skipReason[i] is not null)
                _log.LogInformation("StaticNode: cgroup of '{Task}' is back", _all[i].TaskId);
            _skipReason[i] = reason;
            if (reason is null) result.Add(_all[i]);
        }
        // Same answer as last time: hand back the same list, so the runner sees nothing changed.
        if (NodeTaskLists.Same(result, _last)) return _last;
        return _last = result.ToArray();
    }

    private string? SkipReason(NodeTask task)
    {
        if (_required.Count == 0) return "There is no cgroup hierarchy";
        foreach (var hierarchy in _required)
        {
            var dir = CgroupLayout.Join(hierarchy, task.CgroupPath);
            switch (CgroupProcs.HasAny(dir))
            {
                case null: return $"There is no required cgroup '{dir}'";
                case false when RequirePids: return $"There is no pids in cgroup '{dir}'";
            }
        }
        return null;
    }

    private static IReadOnlyDictionary<string, object> ToResources(Dictionary<string, object>? resources)
    {
        if (resources is null || resources.Count == 0) return NodeTask.NoResources;
        // Numbers as double (the NodeTask contract), whatever integer type the YAML gave.
        return resources.ToDictionary(p => p.Key, p => p.Value switch
        {
            long l => (object)(double)l,
            int i => (double)i,
            float f => (double)f,
            _ => p.Value,
        }, StringComparer.Ordinal);
    }
}
