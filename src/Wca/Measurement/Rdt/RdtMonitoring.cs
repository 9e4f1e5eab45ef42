using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel.Cgroups;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Rdt;

/// <summary>
/// Per-task RDT monitoring (system-interfaces.md §3.3-§3.5, §5.3), a task-scoped resource kind: each task's
/// <see cref="MonitoredTask"/> is its monitoring group (a pod has one for all its containers), named
/// <c>wca-&lt;task id&gt;</c>, in the mon_groups of the control group the allocation side placed the task in
/// (<see cref="RdtTaskPlacements"/>; the root group otherwise). Every iteration the thread ids of all the task's
/// cgroups are compared with those the group holds and only new ones are written (one write per pid; a pid that
/// exited meanwhile is normal); then the counters of every L3 domain are summed. What the tasks share stays here:
/// the mount, the facts, the placements, RMID exhaustion, the clean-up of an earlier run and the counts. Groups are
/// removed when their task vanishes and at shutdown; groups with the prefix and no live owner are removed at
/// start-up; groups without the prefix are never touched. When the kernel has no RMID left, that is said once and
/// the tasks beyond it are measured without RDT, counted, and get a group when one frees up.
/// </summary>
internal sealed partial class RdtMonitoring : ITaskScopedResourceFactory, IDisposable
{
    private readonly ResctrlMount _mount;
    private readonly RdtTaskPlacements _placements;
    private readonly CgroupLayout? _layout;
    private readonly ILogger _log;
    private readonly Func<double> _clock;
    // Every open task's group by cgroup path: the working set reads its bandwidth, shutdown removes them all.
    private readonly Dictionary<string, MonitoredTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<int> _pids = [];
    private readonly List<int> _written = [];
    private readonly bool _wantLlc, _wantTotal, _wantLocal, _wantRemote, _wantRate;
    // Our groups found in resctrl before the first sync (group name → control group): adopted by their tasks or removed.
    private Dictionary<string, string>? _leftOver;
    private bool _outOfRmids;
    // While out of RMIDs: one mkdir per iteration tells whether one freed up (not one per unmonitored task).
    private bool _rmidProbeUsed;

    /// <param name="clock">The iteration's time in seconds, for the bandwidth rate (wall-clock seconds when null).</param>
    public RdtMonitoring(ResctrlMount mount, ResctrlInfo info, RdtTaskPlacements placements, CgroupLayout? layout, ILogger log,
        Func<MetricDescriptor, bool>? wanted = null, Func<double>? clock = null)
    {
        _mount = mount;
        Info = info;
        _placements = placements;
        _layout = layout;
        _log = log;
        _clock = clock ?? (static () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        wanted ??= static _ => true;
        _wantLlc = info.CacheMonitoring && wanted(MetricCatalog.TaskLlcOccupancyBytes);
        _wantTotal = info.MemoryBandwidthMonitoring && wanted(MetricCatalog.TaskMemBandwidthBytes);
        _wantLocal = info.LocalMemoryBandwidthMonitoring && wanted(MetricCatalog.TaskMemBandwidthLocalBytes);
        _wantRemote = info.LocalMemoryBandwidthMonitoring && info.MemoryBandwidthMonitoring && wanted(MetricCatalog.TaskMemBandwidthRemoteBytes);
        _wantRate = info.MemoryBandwidthMonitoring && wanted(MetricCatalog.TaskMemBandwidthBytesPerSecond);
    }

    public ResctrlInfo Info { get; }

    /// <summary>The resctrl filesystem the groups are made in (the allocation side's too).</summary>
    public ResctrlMount Mount => _mount;

    /// <summary>Where the allocation side put each task (monitoring follows it there).</summary>
    public RdtTaskPlacements Placements => _placements;

    /// <summary>Tasks measured without RDT because no RMID was left.</summary>
    public int Unmonitored { get; private set; }

    /// <summary>Monitoring groups the agent holds.</summary>
    public int Groups { get; private set; }

    /// <summary>
    /// Start-up: removes our groups (the prefix) that hold no task (an earlier run crashed or was killed); the
    /// others wait for the first sync, where a task adopts its group or it is removed. Returns how many were removed.
    /// </summary>
    public int RemoveOrphans()
    {
        var removed = 0;
        _leftOver = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var control in ControlGroups())
        {
            foreach (var group in _mount.MonitoringGroups(control))
            {
                if (!RdtGroupName.IsOurs(group)) continue;
                try
                {
                    if (_mount.ReadTasks(_mount.MonitoringGroupPath(control, group)).Count == 0)
                    {
                        _mount.RemoveMonitoringGroup(control, group);
                        Log.OrphanRemoved(_log, _mount.MonitoringGroupPath(control, group));
                        removed++;
                    }
                    else _leftOver[group] = control;
                }
                catch (ResctrlException e)
                {
                    Log.RemoveFailed(_log, _mount.MonitoringGroupPath(control, group), e.Message);
                }
            }
        }
        return removed;
    }

    /// <summary>A task appeared: its group is made at its first collection, or an earlier run's group is adopted.</summary>
    public ITaskScopedResource Open(NodeTask task)
    {
        var monitored = new MonitoredTask(this, task.TaskId, task.CgroupPath, RdtGroupName.For(task.TaskId), ThreadFiles(task));
        if (_leftOver is not null && _leftOver.Remove(monitored.Group, out var control))
        {
            // Restarted: the group of an earlier run stays, in the control group the task's pids are in.
            monitored.ControlGroup = control;
            monitored.Files = _mount.CounterFiles(_mount.MonitoringGroupPath(control, monitored.Group), Info);
            _placements.Place(task.TaskId, control);
            Groups++;
            Log.Adopted(_log, task.TaskId, monitored.Group, control);
        }
        _tasks[task.CgroupPath] = monitored;
        return monitored;
    }

    /// <summary>After the first sync, the earlier run's groups no task adopted go; every iteration may probe for one freed RMID.</summary>
    public void BeginIteration()
    {
        _rmidProbeUsed = false;
        if (_leftOver is null) return;
        foreach (var (group, control) in _leftOver) Remove(control, group, orphan: true);
        _leftOver = null;
    }

    /// <summary>A pod whose containers changed: its thread lists change too.</summary>
    internal void Follow(MonitoredTask m, NodeTask task) => m.ThreadFiles = ThreadFiles(task);

    /// <summary>Syncs the task's pids into its group and adds its counters to <paramref name="sample"/>; never throws.</summary>
    internal CollectOutcome Collect(MonitoredTask m, TaskSample sample)
    {
        m.Error = null;
        try
        {
            if (!SyncGroup(m) || m.Files is null) return m.Error is null ? CollectOutcome.Gone : CollectOutcome.Failed;
            if (!_mount.ReadCounters(m.Files, out var counters, out var errno))
            {
                // The group vanished (its control group was removed): made again next iteration.
                var directory = m.Files.Directory;
                Lost(m);
                m.Error = $"{directory}: {Wca.Kernel.Errno.Describe(errno)}";
                return CollectOutcome.Failed;
            }
            Append(m, counters, sample, _clock());
            // A pid the kernel refused (another control group): the group's values still count, the refusal is reported.
            return m.Error is null ? CollectOutcome.Ok : CollectOutcome.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One task's trouble never stops the iteration (IOException of a cgroup file included).
            m.Error = e.Message;
            return CollectOutcome.Failed;
        }
    }

    /// <summary>The task vanished: its group goes, and so does its placement.</summary>
    internal void Close(MonitoredTask m)
    {
        if (m.ControlGroup is { } control) Remove(control, m.Group, orphan: false);
        Lost(m);
        if (m.Unmonitored)
        {
            m.Unmonitored = false;
            Unmonitored--;
        }
        _placements.Forget(m.TaskId);
        if (_tasks.TryGetValue(m.CgroupPath, out var known) && ReferenceEquals(known, m)) _tasks.Remove(m.CgroupPath);
    }

    /// <summary>The group of the task at <paramref name="cgroupPath"/> (opened before), for its memory traffic.</summary>
    internal MonitoredTask? Find(string cgroupPath) => _tasks.GetValueOrDefault(cgroupPath);

    private void Append(MonitoredTask m, MonitoringCounters counters, TaskSample sample, double now)
    {
        if (_wantLlc && counters.LlcOccupancyBytes is { } llc) sample.Add(MetricCatalog.TaskLlcOccupancyBytes, llc);
        if (counters.MbmTotalBytes is { } total)
        {
            if (_wantTotal) sample.Add(MetricCatalog.TaskMemBandwidthBytes, total);
            if (counters.MbmLocalBytes is { } local)
            {
                if (_wantLocal) sample.Add(MetricCatalog.TaskMemBandwidthLocalBytes, local);
                if (_wantRemote) sample.Add(MetricCatalog.TaskMemBandwidthRemoteBytes, Math.Max(0, total - local));
            }
            // The rate needs a base from the same group: none on the first reading or after the group was remade;
            // a counter that went back (RMID recycled) gives none either.
            m.LastDelta = m.LastTotal is { } last && total >= last ? total - last : null;
            if (_wantRate && m.LastDelta is { } delta && now > m.LastSeconds)
                sample.Add(MetricCatalog.TaskMemBandwidthBytesPerSecond, delta / (now - m.LastSeconds));
            m.LastTotal = total;
            m.LastSeconds = now;
        }
        else
        {
            if (_wantLocal && counters.MbmLocalBytes is { } local) sample.Add(MetricCatalog.TaskMemBandwidthLocalBytes, local);
            m.LastTotal = null;
            m.LastDelta = null;
        }
    }

    /// <summary>Makes the task's group where it belongs and writes its new pids: false when the task is not monitored now.</summary>
    private bool SyncGroup(MonitoredTask m)
    {
        var control = _placements.ControlGroupOf(m.TaskId);
        if (m.ControlGroup is { } current && current != control)
        {
            // Moved by the allocation side: the kernel already took its pids out of the old group.
            Remove(current, m.Group, orphan: false);
            Lost(m);
        }
        if (m.ControlGroup is null && !CreateGroup(m, control)) return false;

        _pids.Clear();
        foreach (var file in m.ThreadFiles) ThreadIdList.AppendTo(file, _pids);
        _pids.Sort();
        var unique = Dedupe(_pids);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pids)[..unique];
        if (span.SequenceEqual(m.Written)) return true; // nothing changed: the tasks file is not touched

        _written.Clear();
        var directory = m.Files!.Directory;
        string? error = null;
        foreach (var pid in span)
        {
            if (Array.BinarySearch(m.Written, pid) >= 0)
            {
                _written.Add(pid);
                continue;
            }
            try
            {
                if (_mount.AddTask(directory, pid)) _written.Add(pid);
                // false: the thread exited between the list and the write (ESRCH), as threads do.
            }
            catch (ResctrlException e) when (e.Errno == ResctrlErrno.Enoent)
            {
                Lost(m);
                m.Error = e.Message;
                return false;
            }
            catch (ResctrlException e)
            {
                // EINVAL: the pid is in another control group than the task's placement says; the others still go in.
                error ??= e.Message;
            }
        }
        m.Written = [.. _written];
        m.Error = error;
        return true;
    }

    private bool CreateGroup(MonitoredTask m, string control)
    {
        if (_outOfRmids)
        {
            if (_rmidProbeUsed)
            {
                MarkUnmonitored(m);
                return false;
            }
            _rmidProbeUsed = true;
        }
        try
        {
            _mount.CreateMonitoringGroup(control, m.Group);
        }
        catch (ResctrlException e) when (e.IsOutOfIds || e.Errno == ResctrlErrno.Ebusy)
        {
            // EBUSY: freed RMIDs still "in limbo" until their cache lines age out (max_threshold_occupancy).
            if (!_outOfRmids) Log.OutOfRmids(_log, m.TaskId, e.Message, Info.NumRmids?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
            _outOfRmids = true;
            _rmidProbeUsed = true;
            MarkUnmonitored(m);
            return false;
        }
        if (m.Unmonitored)
        {
            m.Unmonitored = false;
            Unmonitored--;
        }
        if (_outOfRmids)
        {
            // An RMID freed up: the next waiting task may try in this iteration too. Over once nobody waits.
            _rmidProbeUsed = false;
            if (Unmonitored == 0)
            {
                _outOfRmids = false;
                Log.RmidsAvailable(_log);
            }
        }
        m.ControlGroup = control;
        m.Files = _mount.CounterFiles(_mount.MonitoringGroupPath(control, m.Group), Info);
        m.Written = [];
        Groups++;
        return true;
    }

    private void MarkUnmonitored(MonitoredTask m)
    {
        if (m.Unmonitored) return;
        m.Unmonitored = true;
        Unmonitored++;
    }

    private void Lost(MonitoredTask m)
    {
        if (m.ControlGroup is not null) Groups--;
        m.ControlGroup = null;
        m.Files = null;
        m.Written = [];
        m.LastTotal = null;
        m.LastDelta = null;
    }

    private void Remove(string control, string group, bool orphan)
    {
        try
        {
            if (_mount.RemoveMonitoringGroup(control, group) && orphan) Log.OrphanRemoved(_log, _mount.MonitoringGroupPath(control, group));
        }
        catch (ResctrlException e)
        {
            Log.RemoveFailed(_log, _mount.MonitoringGroupPath(control, group), e.Message);
        }
    }

    private IEnumerable<string> ControlGroups() => _mount.ControlGroups().Prepend("");

    internal string[] ThreadFiles(NodeTask task)
    {
        var hierarchy = _layout?.TaskHierarchy;
        if (hierarchy is null) return [];
        // cgroup v2 lists a cgroup's threads in cgroup.threads, v1 in tasks.
        return TaskMemberFiles.Of(hierarchy, task, hierarchy == _layout!.Unified ? "cgroup.threads" : "tasks");
    }

    private static int Dedupe(List<int> sorted)
    {
        if (sorted.Count < 2) return sorted.Count;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sorted);
        var n = 1;
        for (var i = 1; i < span.Length; i++)
            if (span[i] != span[n - 1]) span[n++] = span[i];
        return n;
    }

    /// <summary>Removes every group the agent made (the agent stops).</summary>
    public void RemoveAll()
    {
        foreach (var m in _tasks.Values.ToArray()) m.Dispose();
        _tasks.Clear();
        Groups = 0;
        Unmonitored = 0;
    }

    public void Dispose() => RemoveAll();
}
