using System.IO.Enumeration;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host.Configuration;
using Wca.Kernel.Cgroups;

namespace Wca.Discovery;

/// <summary>
/// Discovers tasks from this host's cgroup tree: every cgroup whose path (relative to the hierarchy root)
/// matches one of <c>patterns</c> and none of <c>exclude</c> is a task (id = path, name = last segment, labels
/// <c>cgroup</c> and, for systemd units, <c>service</c>). The walk only enters directories a pattern can still
/// match, remembers what it saw and returns the same NodeTask instances (and the same list) while nothing changes.
/// Every configured path stays inside the cgroup root: <c>hierarchy</c> is one directory name and no pattern has a
/// <c>.</c> or <c>..</c> segment (a configuration error otherwise); the walk follows no symbolic link. The walk
/// checks the stop signal at every directory entry: a cancelled token makes <see cref="GetTasks"/> throw
/// <see cref="OperationCanceledException"/> promptly, also in the middle of a huge tree.
/// </summary>
[WcaComponent]
public sealed partial class CgroupNode : INode, IDisposable
{
    private static readonly EnumerationOptions Options = new() { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
    private static readonly Comparison<NodeTask> ByPath = static (a, b) => string.CompareOrdinal(a.CgroupPath, b.CgroupPath);

    private readonly CgroupFs _cgroups;
    private readonly ILogger _log;
    private readonly string _patternList;
    private readonly CgroupPathPatterns _include;
    private readonly CgroupPathPatterns? _exclude;
    private readonly Dictionary<string, string> _defaultLabels;
    private readonly List<NodeTask> _found = [];
    private CgroupDirectory? _root;
    private NodeTask[] _last = [];
    private int _loggedCount = -1;
    private int _generation;

    /// <param name="patterns">Cgroup path globs: <c>*</c> and <c>?</c> within a segment, <c>[a-z]</c>, <c>**</c> = any number of segments.</param>
    /// <param name="hierarchy">Which tree to walk: <c>cpuacct</c>, <c>cpu</c>, <c>memory</c>, <c>unified</c> or another mount's
    /// directory name; default cpuacct in v1 and hybrid, the cgroup2 root in pure v2.</param>
    /// <param name="maxDepth">Deepest cgroup considered, in path segments.</param>
    /// <param name="requirePids">Skip cgroups without processes in them or below them.</param>
    /// <param name="exclude">Globs of paths that are never tasks (<c>x/**</c> excludes a subtree).</param>
    /// <param name="defaultLabels">Labels of every task.</param>
    public CgroupNode(
        [YamlString] List<string> patterns,
        CgroupFs cgroups,
        ILogger logger,
        [Str(64)] string? hierarchy = null,
        [Numeric(1, 64)] int maxDepth = 8,
        bool requirePids = true,
        [YamlString] List<string>? exclude = null,
        [Str(Target = ValidationTarget.Keys)][LabelName(Target = ValidationTarget.Keys)][Str(Target = ValidationTarget.Values)] Dictionary<string, string>? defaultLabels = null)
    {
        if (patterns.Count == 0) throw new ArgumentException("At least one pattern is needed", nameof(patterns));
        CheckInsideRoot(patterns, nameof(patterns));
        if (exclude is not null) CheckInsideRoot(exclude, nameof(exclude));
        if (hierarchy is not null && !IsDirectoryName(hierarchy))
            throw new ArgumentException(
                $"'{hierarchy}' is not a directory of the cgroup root: give one mount's name (cpuacct, cpu, memory, unified or another directory name), without '/' or '..'",
                nameof(hierarchy));
        _cgroups = cgroups;
        _log = logger;
        _include = new CgroupPathPatterns(patterns);
        _patternList = string.Join(", ", patterns);
        _exclude = exclude is { Count: > 0 } ? new CgroupPathPatterns(exclude, nameof(exclude)) : null;
        Hierarchy = hierarchy;
        MaxDepth = maxDepth;
        RequirePids = requirePids;
        _defaultLabels = defaultLabels ?? [];
    }

    public string? Hierarchy { get; }
    public int MaxDepth { get; }
    public bool RequirePids { get; }

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (before or during the walk).</exception>
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _root ??= OpenRoot();
        _found.Clear();
        _generation++;
        Walk(_root, _include.Start, _exclude?.Start ?? 0, 0, cancellationToken);
        _found.Sort(ByPath);
        // An operator wondering why nothing is measured sees it here, once per change of the count.
        if (_found.Count != _loggedCount)
        {
            _loggedCount = _found.Count;
            Log.Matching(_log, _found.Count, _patternList, RequirePids ? " (with processes)" : "");
        }
        if (NodeTaskLists.Same(_found, _last)) return _last;
        return _last = _found.ToArray();
    }

    /// <summary>The hierarchy is found on first use: constructing the node touches no file.</summary>
    private CgroupDirectory OpenRoot()
    {
        var layout = _cgroups.Layout;
        var dir = Hierarchy switch
        {
            null => layout.TaskHierarchy,
            _ when CgroupLayout.Names.Contains(Hierarchy) => layout.Controller(Hierarchy),
            _ => Path.Combine(_cgroups.Root, Hierarchy),
        };
        if (dir is null || !Directory.Exists(dir))
        {
            Log.NoHierarchy(_log, Hierarchy ?? "(default)", _cgroups.Root);
            dir = Path.Combine(_cgroups.Root, Hierarchy ?? "cpuacct");
        }
        else Log.Discovering(_log, dir, layout.Kind);
        return new CgroupDirectory("/", dir);
    }

    private static bool IsDirectoryName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/') && !name.Contains('\0');

    /// <summary>A '..' segment would leave the hierarchy root (and '.' names no cgroup): a configuration error, not a pattern that never matches.</summary>
    private static void CheckInsideRoot(List<string> patterns, string key)
    {
        foreach (var pattern in patterns) CgroupPaths.CheckInsideRoot(pattern, key, "patterns are paths");
    }

    private void Walk(CgroupDirectory dir, ulong state, ulong excluded, int depth, CancellationToken cancellationToken)
    {
        if (depth >= MaxDepth) return;
        try
        {
            using var children = new MatchingChildren(dir, state, _include, _generation);
            while (children.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var child = children.Current;
                var childState = children.CurrentState;
                var childExcluded = _exclude is null ? 0 : _exclude.Step(excluded, child.Name);
                if (_include.Matches(childState) && (_exclude is null || !_exclude.Matches(childExcluded)) && (!RequirePids || child.HasPids(_cgroups)))
                    _found.Add(child.Task ??= CreateTask(child.CgroupPath));
                if (_include.CanDescend(childState)) Walk(child, childState, childExcluded, depth + 1, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory vanished while walking it: its children are gone with it.
        }
        dir.RemoveStale(_generation);
    }

    private NodeTask CreateTask(string cgroupPath)
    {
        var name = Path.GetFileName(cgroupPath);
        var labels = new Dictionary<string, string>(_defaultLabels, StringComparer.Ordinal) { ["cgroup"] = cgroupPath };
        if (name.EndsWith(".service", StringComparison.Ordinal)) labels["service"] = name[..^".service".Length];
        return new NodeTask(name, cgroupPath[1..], cgroupPath, NodeTask.NoSubcgroups, labels, NodeTask.NoResources);
    }

    public void Dispose() => _root?.Dispose();

    /// <summary>Child directories of one cgroup that a pattern can still match; names are matched as spans, before any string exists.</summary>
    private sealed class MatchingChildren(CgroupDirectory parent, ulong state, CgroupPathPatterns patterns, int generation)
        : FileSystemEnumerator<CgroupDirectory>(parent.FullPath, Options)
    {
        private ulong _next;

        /// <summary>Automaton state of <see cref="FileSystemEnumerator{TResult}.Current"/>.</summary>
        public ulong CurrentState { get; private set; }

        protected override bool ShouldIncludeEntry(ref FileSystemEntry entry)
        {
            // A symbolic link could lead out of the cgroup root (or into a loop): cgroupfs has none, so none is followed.
            if (!entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0) return false;
            _next = patterns.Step(state, entry.FileName);
            return _next != 0;
        }

        protected override CgroupDirectory TransformEntry(ref FileSystemEntry entry)
        {
            CurrentState = _next;
            return parent.GetOrAddChild(entry.FileName, generation);
        }

        protected override bool ContinueOnError(int error) => true;
    }
}
