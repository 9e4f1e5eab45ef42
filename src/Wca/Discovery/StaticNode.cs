using System.IO.Enumeration;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Kernel.Cgroups;

namespace Wca.Discovery;

/// <summary>
/// A fixed list of tasks whose cgroups already exist (reference <c>StaticNode</c>). Each iteration a task is
/// reported only if its cgroup exists in every measured hierarchy (v1 cpu, cpuacct, memory; cgroup2 in pure v2)
/// and, with <c>require_pids</c>, has processes. A skipped task is warned about once, not every iteration.
/// Existence of present tasks is re-verified once every <see cref="RecheckEvery"/> calls (missing ones every call).
/// With <c>directory</c> (final release), every sub-directory of that cgroup (listed in the first required hierarchy
/// each call, e.g. <c>docker</c>: one task per container, without metadata) is a task too, after the configured ones,
/// named after its last segment and checked like them. Configured paths stay below the hierarchy root ('..' is a
/// configuration error); symbolic links are not followed. A cancelled token makes <see cref="GetTasks"/> throw
/// <see cref="OperationCanceledException"/>, also in the middle of a large directory.
/// </summary>
[WcaComponent]
public sealed partial class StaticNode : INode, IDisposable
{
    private readonly CgroupFs _cgroups;
    private readonly ILogger _log;
    private readonly NodeTask[] _all;
    private readonly string?[] _skipReason;
    // Made on the first GetTasks (the layout is detected then, not while the configuration is bound).
    private IReadOnlyList<string> _required = [];
    private string[][] _dirs = [];
    private string?[][] _reasons = [];
    private byte[][] _procsPaths = [];
    private bool _resolved;
    private readonly List<NodeTask> _result = [];
    private NodeTask[] _last = [];
    private long _calls;
    // directory: its path ("/docker"), what it is listed into, and its sub-directories by name.
    private readonly string? _directory;
    private readonly IReadOnlyDictionary<string, string> _directoryLabels;
    private readonly IReadOnlyDictionary<string, object> _directoryResources;
    private readonly HashSet<string> _configuredPaths;
    private readonly Dictionary<string, StaticDirectoryTask> _directoryTasks = new(StringComparer.Ordinal);
    private readonly List<StaticDirectoryTask> _listed = [];
    private int _listing;
    private bool _directoryMissing;
    private static readonly EnumerationOptions ListingOptions = new() { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
    private static readonly Comparison<StaticDirectoryTask> ByPath = static (a, b) => string.CompareOrdinal(a.Task.CgroupPath, b.Task.CgroupPath);

    /// <summary>Each present task is checked for existence once in this many calls.</summary>
    internal const int RecheckEvery = 30;
    private const string NoHierarchy = "There is no cgroup hierarchy";
    private static readonly string NotCheckedYet = new('?', 1);

    /// <param name="tasks">Cgroup paths relative to each hierarchy root, with or without a leading '/' (e.g. <c>task1</c>, <c>docker/abc</c>).</param>
    /// <param name="requirePids">Report a task only when its cgroup has processes.</param>
    /// <param name="defaultLabels">Labels of every task.</param>
    /// <param name="defaultResources">Resources of every task (numbers or strings; <c>cpus</c>, <c>mem</c> become task_requested_*).</param>
    /// <param name="tasksLabels">Extra labels per task, keyed by the name as written in <paramref name="tasks"/>.</param>
    /// <param name="directory">A cgroup (e.g. <c>docker</c>) whose every sub-directory is a task too, with the default labels and resources.</param>
    public StaticNode(
        List<string>? tasks,
        CgroupFs cgroups,
        ILogger logger,
        bool requirePids = false,
        [Str(Target = ValidationTarget.Keys)][LabelName(Target = ValidationTarget.Keys)][Str(Target = ValidationTarget.Values)] Dictionary<string, string>? defaultLabels = null,
        Dictionary<string, object>? defaultResources = null,
        [LabelName(Target = ValidationTarget.Values)] Dictionary<string, Dictionary<string, string>>? tasksLabels = null,
        [Str(4096)] string? directory = null)
    {
        if (tasks is null && directory is null)
            throw new ArgumentException("StaticNode needs 'tasks' (cgroup paths) or 'directory' (a cgroup whose sub-directories are the tasks)", nameof(tasks));
        tasks ??= [];
        foreach (var task in tasks) CgroupPaths.CheckInsideRoot(task, nameof(tasks), "tasks are cgroup paths");
        if (directory is not null) CgroupPaths.CheckInsideRoot(directory, nameof(directory), "directory is a cgroup path");
        _log = logger;
        _cgroups = cgroups;
        RequirePids = requirePids;

        var resources = ToResources(defaultResources);
        _directory = directory is null ? null : "/" + directory.Trim('/');
        _directoryLabels = new Dictionary<string, string>(defaultLabels ?? [], StringComparer.Ordinal);
        _directoryResources = resources;
        _all = tasks.Select(name =>
        {
            var path = "/" + name.Trim('/');
            var labels = new Dictionary<string, string>(defaultLabels ?? [], StringComparer.Ordinal);
            if (tasksLabels is not null && tasksLabels.TryGetValue(name, out var own))
                foreach (var (k, v) in own) labels[k] = v;
            return new NodeTask(Path.GetFileName(path), path[1..], path, NodeTask.NoSubcgroups, labels, resources);
        }).ToArray();
        _skipReason = new string?[_all.Length];
        Array.Fill(_skipReason, NotCheckedYet);
        _configuredPaths = new HashSet<string>(_all.Select(t => t.CgroupPath), StringComparer.Ordinal);
    }

    /// <summary>The <c>directory</c> setting as a cgroup path ("/docker"), or null.</summary>
    public string? TaskDirectory => _directory;

    /// <summary>The task directories in every required hierarchy, from the layout (detected on first use).</summary>
    private void Resolve()
    {
        _resolved = true;
        var layout = _cgroups.Layout;
        _required = layout.IsPureV2
            ? [layout.Unified!]
            : new[] { layout.Cpu, layout.Cpuacct, layout.Memory }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        _dirs = [.. _all.Select(t => _required.Select(h => CgroupLayout.Join(h, t.CgroupPath)).ToArray())];
        _reasons = [.. _all.Select(_ => new string?[Math.Max(1, _required.Count) * 2])];
        _procsPaths = [.. _dirs.Select(d => d.Length == 0 ? [] : CgroupFs.ProcsPath(d[0]))];
    }

    public bool RequirePids { get; }

    /// <summary>Every configured task, whether or not its cgroup exists now.</summary>
    public IReadOnlyList<NodeTask> ConfiguredTasks => _all;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (before or during the call).</exception>
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_resolved) Resolve();
        // A present task's directory is re-verified once every RecheckEvery calls, a slice of the tasks per call:
        // stat-ing every cgroup every iteration would cost more than measuring it, and between checks a vanished
        // cgroup already shows up in measurement (skipped with one warning). Missing tasks are looked for on
        // every call, in every hierarchy, so a new cgroup is picked up at once.
        var slice = (int)(_calls++ % RecheckEvery);
        _result.Clear();
        for (var i = 0; i < _all.Length; i++)
        {
            var missing = _skipReason[i] is not null;
            var recheck = missing || i % RecheckEvery == slice;
            var reason = !recheck && !RequirePids ? null : SkipReason(i, recheck, allHierarchies: missing);
            if (reason is not null && !ReferenceEquals(reason, _skipReason[i]))
                Log.Skipping(_log, reason, _all[i].TaskId);
            else if (reason is null && missing && !ReferenceEquals(_skipReason[i], NotCheckedYet))
                Log.Back(_log, _all[i].TaskId);
            _skipReason[i] = reason;
            if (reason is null) _result.Add(_all[i]);
        }
        if (_directory is not null && _required.Count > 0) AddDirectoryTasks(cancellationToken);
        // Same answer as last time: hand back the same list, so the runner sees nothing changed.
        if (NodeTaskLists.Same(_result, _last)) return _last;
        return _last = _result.ToArray();
    }

    /// <summary>Lists <c>directory</c> in the first required hierarchy: each sub-directory (not a configured task) is a task.</summary>
    private void AddDirectoryTasks(CancellationToken cancellationToken)
    {
        var listed = CgroupLayout.Join(_required[0], _directory!);
        var generation = ++_listing;
        _listed.Clear();
        try
        {
            var names = new FileSystemEnumerable<string>(listed, static (ref FileSystemEntry e) => e.FileName.ToString(), ListingOptions)
            {
                // cgroupfs has no symbolic links: one would lead out of the hierarchy.
                ShouldIncludePredicate = static (ref FileSystemEntry e) => e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0,
            };
            foreach (var name in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = _directory!.Length == 1 ? "/" + name : _directory + "/" + name;
                if (_configuredPaths.Contains(path)) continue;
                if (!_directoryTasks.TryGetValue(name, out var task))
                    _directoryTasks.Add(name, task = new StaticDirectoryTask(path, _required, _directoryLabels, _directoryResources));
                task.Generation = generation;
                _listed.Add(task);
            }
            if (_directoryMissing)
            {
                _directoryMissing = false;
                Log.DirectoryBack(_log, listed);
            }
        }
        catch (DirectoryNotFoundException)
        {
            if (!_directoryMissing) Log.NoDirectory(_log, listed);
            _directoryMissing = true;
        }
        if (_directoryTasks.Count != _listed.Count)
            foreach (var (name, task) in _directoryTasks.Where(p => p.Value.Generation != generation).ToArray())
                _directoryTasks.Remove(name);
        _listed.Sort(ByPath);
        foreach (var task in _listed)
        {
            var reason = task.CurrentSkipReason(_cgroups, RequirePids);
            if (reason is not null && !ReferenceEquals(reason, task.SkipReason)) Log.Skipping(_log, reason, task.Task.TaskId);
            else if (reason is null && task.SkipReason is not null) Log.Back(_log, task.Task.TaskId);
            task.SkipReason = reason;
            if (reason is null) _result.Add(task.Task);
        }
    }

    /// <summary>Why task <paramref name="i"/> is skipped now, or null. Reasons are cached strings, so a steady state allocates nothing.</summary>
    private string? SkipReason(int i, bool checkExistence, bool allHierarchies)
    {
        if (_required.Count == 0) return NoHierarchy;
        var dirs = _dirs[i];
        if (checkExistence)
        {
            // A present cgroup vanishes from every hierarchy at once (rmdir): one stat tells.
            for (var h = 0; h < (allHierarchies ? dirs.Length : 1); h++)
                if (!Directory.Exists(dirs[h])) return Reason(i, h, missing: true);
        }
        if (!RequirePids) return null;
        return _cgroups.HasProcesses(_procsPaths[i]) switch
        {
            null => Reason(i, 0, missing: true),
            true => null,
            false => Reason(i, 0, missing: false),
        };
    }

    private string Reason(int task, int hierarchy, bool missing)
    {
        var slot = hierarchy * 2 + (missing ? 0 : 1);
        return _reasons[task][slot] ??= missing
            ? $"There is no required cgroup '{_dirs[task][hierarchy]}'"
            : $"There is no pids in cgroup '{_dirs[task][hierarchy]}'";
    }

    // Nothing is held open any more (cgroup.procs is opened per check); kept for the components' dispose contract.
    public void Dispose()
    {
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
