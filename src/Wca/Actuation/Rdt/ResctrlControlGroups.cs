using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using System.Text;
using Wca.Kernel;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Rdt;

namespace Wca.Actuation.Rdt;

/// <summary>
/// The agent's resctrl control groups (one CLOSID each) and which task is in which, shared by every task's actuator
/// of a runner. Tasks whose rdt allocations have the same name share one group, <c>wca-&lt;name&gt;</c>; a task
/// without one is in the root group (name ""). A group is made when its first task moves in and removed when its last
/// task leaves or vanishes, and at shutdown (the kernel moves the threads back to the root group). The current state
/// always comes from the kernel: at start, groups of an earlier run that still hold threads are adopted (their
/// schemata read back, their threads found), empty ones are removed. Used from the iteration thread only.
/// </summary>
internal sealed partial class ResctrlControlGroups : IDisposable
{
    private readonly string _root;
    private readonly IResctrlFileSystem _files;
    private readonly RdtTaskPlacements? _placementsOut;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ControlGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Placement> _placements = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readThisRound = new(StringComparer.Ordinal);
    private readonly ControlGroup _rootGroup;
    // Threads found in adopted groups at start: a task of an earlier run is recognised by its threads.
    private Dictionary<int, string>? _adoptable;
    private long _round;

    /// <param name="root">The resctrl mount.</param>
    /// <param name="info">What allocation is checked against.</param>
    /// <param name="files">The resctrl operations (a test's stand-in driver, or the kernel's).</param>
    /// <param name="placements">Told where each task's threads are, so its monitoring group follows them; null = no RDT monitoring.</param>
    /// <param name="logger">Group creation, removal and adoption.</param>
    public ResctrlControlGroups(string root, RdtControlInfo info, IResctrlFileSystem files, RdtTaskPlacements? placements, ILogger logger)
    {
        _root = root;
        Info = info;
        _files = files;
        _placementsOut = placements;
        _logger = logger;
        _rootGroup = new ControlGroup("", root);
    }

    public RdtControlInfo Info { get; }

    /// <summary>The agent's groups now (names, root not included).</summary>
    public IReadOnlyCollection<string> GroupNames => _groups.Keys;

    /// <summary>
    /// The start-up reset (agent-core §6.8.1, fixed): orphaned agent groups (no threads) removed, agent groups that
    /// still hold threads adopted; with <paramref name="removeAllGroups"/> every foreign control group and every root
    /// monitoring group removed too (the kernel moves their threads to the root group), else foreign groups kept;
    /// then the root group's L3 and MB lines set to <paramref name="defaultL3"/> / <paramref name="defaultMb"/> or all
    /// ways and 100 %, written only when the kernel holds something else. Null, or why RDT cannot start.
    /// </summary>
    public string? Start(bool removeAllGroups, string? defaultL3, string? defaultMb, bool dryRun)
    {
        var rootL3 = Info.CacheControl ? defaultL3 ?? Info.FullL3 : null;
        var rootMb = Info.MbControl ? defaultMb ?? Info.FullMb : null;
        if (defaultL3 is not null && !Info.CacheControl) Log.DefaultIgnored(_logger, "default_rdt_l3", defaultL3, "L3 cache");
        if (defaultMb is not null && !Info.MbControl) Log.DefaultIgnored(_logger, "default_rdt_mb", defaultMb, "memory bandwidth");
        var problems = RdtAllocationRules.Check(new RdtAllocation("", rootL3, rootMb), Info);
        if (problems.Count > 0) return "allocation_configuration: " + string.Join("; ", problems.Select(p => p.Message));

        if (!dryRun) CleanUp(removeAllGroups);
        foreach (var line in new[] { rootL3, rootMb })
        {
            if (line is null) continue;
            var wanted = SchemataLine.TryParse(line, out _)!;
            if (wanted.IsHeldBy(CurrentLine(_rootGroup, wanted.Resource, fresh: true))) continue;
            if (dryRun) continue;
            if (WriteLine(_rootGroup, wanted) is { } refused) return $"cannot set the root group's {wanted.Resource} line \"{line}\": {refused}";
            Log.RootSet(_logger, wanted.ToString(), Path.Combine(_root, "schemata"));
        }
        return null;
    }

    private void CleanUp(bool removeAllGroups)
    {
        var adoptable = new Dictionary<int, string>();
        if (removeAllGroups && Directory.Exists(Path.Combine(_root, "mon_groups")))
            foreach (var mon in Directory.EnumerateDirectories(Path.Combine(_root, "mon_groups")))
                if (RdtNaming.NameOf(Path.GetFileName(mon)) is null) // the agent's own are the monitoring side's
                    Remove(mon, "a foreign monitoring group of the root group (remove_all_resctrl_groups: true)");
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            var file = Path.GetFileName(dir);
            if (file is "info" or "mon_groups" or "mon_data" || !File.Exists(Path.Combine(dir, "tasks"))) continue;
            var threads = ReadTasks(Path.Combine(dir, "tasks"));
            if (RdtNaming.NameOf(file) is not { } name)
            {
                if (removeAllGroups) Remove(dir, $"a foreign control group holding {threads.Count} threads, which go back to the root group (remove_all_resctrl_groups: true)");
                else Log.ForeignKept(_logger, dir, threads.Count);
                continue;
            }
            if (threads.Count == 0)
            {
                Remove(dir, "an empty group of an earlier run");
                continue;
            }
            var group = new ControlGroup(name, dir);
            _groups[name] = group;
            foreach (var pid in threads) adoptable[pid] = name;
            Log.Adopted(_logger, dir, threads.Count);
        }
        _adoptable = adoptable.Count > 0 ? adoptable : null;
    }

    private void Remove(string directory, string what)
    {
        var errno = -_files.RemoveDirectory(directory);
        if (errno == 0) Log.Removed(_logger, directory, what);
        else Log.RemoveFailed(_logger, directory, Errno.Describe(errno));
    }

    /// <summary>
    /// The rdt allocation <paramref name="task"/> has now: its group and that group's L3 and MB lines as the kernel
    /// holds them. A task in an agent group has its new threads moved in first (only those not written before:
    /// the tasks file is not written when the threads did not change; a thread that exited meanwhile is fine).
    /// </summary>
    public RdtAllocation ReadCurrent(NodeTask task, IReadOnlyList<int> threads, ICollection<AllocationFailure>? failures)
    {
        // The runner reads every task once per iteration: a task read again starts the next iteration.
        if (!_readThisRound.Add(task.TaskId))
        {
            EndRound();
            _readThisRound.Add(task.TaskId);
        }
        var placement = PlacementOf(task.TaskId, threads);
        var group = GroupOf(placement.Group);
        if (group != _rootGroup && MoveThreads(group, placement, threads) is { } problem)
            failures?.Add(new AllocationFailure(AllocationTypes.Rdt, problem, group.TasksFile));
        return new RdtAllocation(group.Name,
            Info.CacheControl ? CurrentLine(group, "L3", fresh: false)?.ToString() : null,
            Info.MbControl ? CurrentLine(group, "MB", fresh: false)?.ToString() : null);
    }

    /// <summary>
    /// Puts <paramref name="task"/> into the group <paramref name="target"/> names (made on demand; no free CLOSID =
    /// a failure for this task) and writes the lines it gives that the group does not hold already, once per group
    /// and iteration: a second task of the group asking other values that iteration is a failure. A line the kernel
    /// refuses is a failure with info/last_cmd_status.
    /// </summary>
    public void Apply(NodeTask task, RdtAllocation target, IReadOnlyList<int> threads, bool dryRun, List<AllocationChange> changes, List<AllocationFailure> failures)
    {
        var name = target.Name ?? ContainerName(task.CgroupPath);
        var placement = PlacementOf(task.TaskId, threads);
        var from = GroupOf(placement.Group);
        if (dryRun)
        {
            // Nothing changes: the move and the lines are reported against the group as it is (a new one holds nothing).
            var into = name == placement.Group ? from : name.Length == 0 ? _rootGroup : _groups.GetValueOrDefault(name);
            if (name != placement.Group)
                changes.Add(new AllocationChange(AllocationTypes.Rdt, "group \"" + from.Name + "\"", "group \"" + name + "\"", into?.TasksFile ?? Path.Combine(RdtNaming.Directory(_root, name), "tasks"), false));
            foreach (var text in new[] { target.L3, target.Mb })
                if (text is not null && SchemataLine.TryParse(text, out _) is { } wanted)
                {
                    var held = into is null ? null : CurrentLine(into, wanted.Resource, fresh: false);
                    if (!wanted.IsHeldBy(held))
                        changes.Add(new AllocationChange(AllocationTypes.Rdt, held?.ToString(), wanted.Over(held).ToString(), into?.SchemataFile ?? Path.Combine(RdtNaming.Directory(_root, name), "schemata"), false));
                }
            return;
        }
        if (name != placement.Group)
        {
            if (!_groups.TryGetValue(name, out var to) && name.Length > 0)
            {
                to = new ControlGroup(name, RdtNaming.Directory(_root, name));
                var errno = -_files.MakeDirectory(to.Directory);
                if (errno is not 0 and not ResctrlErrno.Eexist /* made by an earlier run */)
                {
                    failures.Add(new AllocationFailure(AllocationTypes.Rdt, errno == ResctrlErrno.Enospc
                        ? $"no free CLOSID for control group \"{name}\": the hardware has {Info.NumClosids?.ToString(CultureInfo.InvariantCulture) ?? "?"} (the root group included) and {_groups.Count + 1 + ForeignGroups()} are in use (info/last_cmd_status: {LastCommandStatus()}); the task stays in group \"{from.Name}\""
                        : $"cannot make control group {to.Directory}: {Errno.Describe(errno)}; the task stays in group \"{from.Name}\"", to.Directory));
                    return;
                }
                _groups[name] = to;
            }
            to ??= _rootGroup;
            var written = placement.Written.ToArray();
            placement.Written.Clear();
            if (MoveThreads(to, placement, threads) is { } problem)
            {
                failures.Add(new AllocationFailure(AllocationTypes.Rdt, problem, to.TasksFile));
                placement.Written.Clear();
                placement.Written.UnionWith(written);
                RemoveIfUnused(to);
                return;
            }
            from.Members--;
            to.Members++;
            placement.Group = name;
            _placementsOut?.Place(task.TaskId, name.Length == 0 ? "" : RdtNaming.ControlGroupPrefix + name);
            changes.Add(new AllocationChange(AllocationTypes.Rdt, "group \"" + from.Name + "\"", "group \"" + name + "\"", to.TasksFile, false));
            RemoveIfUnused(from);
            from = to;
        }
        if (target.L3 is { } l3) ApplyLine(task.TaskId, from, l3, changes, failures);
        if (target.Mb is { } mb) ApplyLine(task.TaskId, from, mb, changes, failures);
    }

    private void ApplyLine(string taskId, ControlGroup group, string text, List<AllocationChange> changes, List<AllocationFailure> failures)
    {
        if (SchemataLine.TryParse(text, out var error) is not { } wanted)
        {
            failures.Add(new AllocationFailure(AllocationTypes.Rdt, error!, group.SchemataFile));
            return;
        }
        var current = CurrentLine(group, wanted.Resource, fresh: false);
        if (group.WrittenThisRound.TryGetValue(wanted.Resource, out var earlier) && earlier.Round == _round && earlier.Task != taskId
            && !wanted.IsHeldBy(current))
        {
            failures.Add(new AllocationFailure(AllocationTypes.Rdt,
                $"group \"{group.Name}\" was set to \"{current}\" by task {earlier.Task} this iteration: tasks that share a group must ask the same {wanted.Resource} line (\"{text}\" is not written)",
                group.SchemataFile));
            return;
        }
        if (wanted.IsHeldBy(current)) return;
        var drift = group.LastWritten.TryGetValue(wanted.Resource, out var last) && wanted.IsHeldBy(last) && !last.IsHeldBy(current);
        if (WriteLine(group, wanted) is { } refused)
        {
            failures.Add(new AllocationFailure(AllocationTypes.Rdt, $"the kernel refused {wanted.Resource} \"{text}\" for group \"{group.Name}\": {refused}", group.SchemataFile));
            return;
        }
        group.WrittenThisRound[wanted.Resource] = (_round, taskId);
        var now = CurrentLine(group, wanted.Resource, fresh: true);
        changes.Add(new AllocationChange(AllocationTypes.Rdt, current?.ToString(), now?.ToString() ?? wanted.ToString(), group.SchemataFile, drift));
    }

    /// <summary>Writes one line; null, or the kernel's refusal with info/last_cmd_status (resctrl.rst "last_cmd_status").</summary>
    private string? WriteLine(ControlGroup group, SchemataLine line)
    {
        var errno = -_files.Write(group.SchemataFile, Encoding.ASCII.GetBytes(line + "\n"));
        if (errno == 0)
        {
            group.LastWritten[line.Resource] = line;
            group.SchemataRound = -1; // read back on next use
            return null;
        }
        return $"{Errno.Describe(errno)} writing {group.SchemataFile}; info/last_cmd_status: {LastCommandStatus()}";
    }

    /// <summary>The kernel's explanation of the last refused command (resctrl.rst "Info directory": last_cmd_status).</summary>
    private string LastCommandStatus()
    {
        try
        {
            return File.ReadAllText(Path.Combine(_root, "info", "last_cmd_status")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(unreadable: " + e.Message + ")";
        }
    }

    /// <summary>The task leaves (it vanished): its group goes when no task is left in it.</summary>
    public void Release(string taskId)
    {
        if (!_placements.Remove(taskId, out var placement)) return;
        _placementsOut?.Forget(taskId);
        var group = GroupOf(placement.Group);
        group.Members--;
        RemoveIfUnused(group);
    }

    /// <summary>Removes every agent group (the agent stops): their threads go back to the root group.</summary>
    public void Dispose()
    {
        foreach (var group in _groups.Values) Remove(group.Directory, "the agent stops");
        _groups.Clear();
        _placements.Clear();
    }

    private Placement PlacementOf(string taskId, IReadOnlyList<int> threads)
    {
        if (_placements.TryGetValue(taskId, out var placement)) return placement;
        placement = new Placement();
        if (_adoptable is { } adoptable)
            foreach (var tid in threads)
                if (adoptable.TryGetValue(tid, out var name) && _groups.ContainsKey(name))
                {
                    placement.Group = name;
                    _placementsOut?.Place(taskId, RdtNaming.ControlGroupPrefix + name);
                    // Threads already in the group are not written again.
                    foreach (var t in threads)
                        if (adoptable.TryGetValue(t, out var n) && n == name) placement.Written.Add(t);
                    break;
                }
        GroupOf(placement.Group).Members++;
        _placements[taskId] = placement;
        return placement;
    }

    /// <summary>The round after the first: groups adopted at start that no task turned out to use are removed.</summary>
    private void EndRound()
    {
        _round++;
        _readThisRound.Clear();
        if (_adoptable is null) return;
        _adoptable = null;
        foreach (var group in _groups.Values.ToArray()) RemoveIfUnused(group);
    }

    private string? MoveThreads(ControlGroup group, Placement placement, IReadOnlyList<int> threads)
    {
        string? problem = null;
        foreach (var tid in threads)
        {
            if (placement.Written.Contains(tid)) continue;
            var errno = -_files.Write(group.TasksFile, Encoding.ASCII.GetBytes(tid.ToString(CultureInfo.InvariantCulture)));
            if (errno is 0 or Posix.Esrch) placement.Written.Add(tid); // ESRCH: the thread exited meanwhile
            else
            {
                problem = $"cannot move thread {tid} into {group.TasksFile}: {Errno.Describe(errno)}";
                break;
            }
        }
        // Exited threads are forgotten, so the set follows the task.
        if (placement.Written.Count > threads.Count) placement.Written.IntersectWith(threads);
        return problem;
    }

    private void RemoveIfUnused(ControlGroup group)
    {
        // In the first iteration a task of an earlier run may still turn up in an adopted group.
        if (group == _rootGroup || group.Members > 0 || _adoptable is not null || !_groups.Remove(group.Name)) return;
        Remove(group.Directory, "no task uses it any more");
    }

    private ControlGroup GroupOf(string name) => name.Length == 0 ? _rootGroup : _groups.TryGetValue(name, out var g) ? g : _rootGroup;

    private SchemataLine? CurrentLine(ControlGroup group, string resource, bool fresh)
    {
        if (fresh || group.SchemataRound != _round)
        {
            group.L3 = group.Mb = null;
            try
            {
                foreach (var raw in File.ReadAllLines(group.SchemataFile))
                {
                    var line = SchemataLine.TryParse(raw, out _);
                    if (line?.Resource == "L3") group.L3 = line;
                    else if (line?.Resource == "MB") group.Mb = line;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A group removed behind the agent's back: nothing held.
            }
            group.SchemataRound = _round;
        }
        return resource == "L3" ? group.L3 : resource == "MB" ? group.Mb : null;
    }

    private int ForeignGroups() =>
        Directory.EnumerateDirectories(_root).Count(d => Path.GetFileName(d) is not ("info" or "mon_groups" or "mon_data")
            && RdtNaming.NameOf(Path.GetFileName(d)) is null && File.Exists(Path.Combine(d, "tasks")));

    private static List<int> ReadTasks(string file)
    {
        var pids = new List<int>();
        try
        {
            foreach (var line in File.ReadLines(file))
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) pids.Add(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return pids;
    }

    /// <summary>The original's container name: the cgroup path without its leading '/', every '/' a '-'.</summary>
    public static string ContainerName(string cgroupPath) => cgroupPath.TrimStart('/').Replace('/', '-');

    private sealed class ControlGroup(string name, string directory)
    {
        public string Name { get; } = name;
        public string Directory { get; } = directory;
        public string TasksFile { get; } = Path.Combine(directory, "tasks");
        public string SchemataFile { get; } = Path.Combine(directory, "schemata");
        public int Members { get; set; }
        public SchemataLine? L3 { get; set; }
        public SchemataLine? Mb { get; set; }
        public long SchemataRound { get; set; } = -1;
        public Dictionary<string, SchemataLine> LastWritten { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (long Round, string Task)> WrittenThisRound { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Placement
    {
        public string Group { get; set; } = "";
        public HashSet<int> Written { get; } = [];
    }
}
