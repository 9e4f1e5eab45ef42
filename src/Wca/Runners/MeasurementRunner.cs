using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement;
using Wca.Kernel;
using Wca.Measurement.Cgroups;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Platform;
using Wca.Measurement.Catalog;
using Wca.Storage;

using Wca.Pipeline;
namespace Wca.Runners;

/// <summary>
/// Every <c>interval</c> seconds: discover tasks, measure them and the platform, store the metrics.
/// One failing task, node call or storage is logged and counted and the loop goes on; only start-up
/// errors end the process. Stops cleanly (exit 0) when the stopping token is cancelled.
/// </summary>
[WcaComponent]
public sealed class MeasurementRunner : IRunner, IDisposable
{
    private static class Stage
    {
        public const int GetTasks = 0, Sync = 1, Platform = 2, PrepareTasks = 3, Store = 4, Iteration = 5, Sleep = 6;
        public static readonly string[] Names =
            ["get_tasks", "sync_containers_state", "collect_platform_information", "prepare_tasks_data", "store", "iteration", "sleep"];
    }

    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HostPaths _paths;
    private readonly LogCounters _logCounters;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _extraLabels;
    private readonly StageProfiler _profiler = new(Stage.Names);
    private readonly FailureCounters _failures = new();
    private readonly Dictionary<string, TaskMonitor> _monitors = new(StringComparer.Ordinal);
    private readonly List<TaskMonitor> _ordered = [];
    // What measuring touches per task and iteration, in output order, next to each other: rebuilt from _ordered when
    // the tasks change, so the loop does not go through each monitor object first.
    private Measured[] _measured = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    // The task instances of the last sync, in the node's order; empty when that sync met a repeated cgroup (it logs each time).
    private readonly List<NodeTask> _synced = [];
    private readonly MetricBatch _batch = new(1024);
    // One sample for all tasks: each is copied into the batch right after its collection, and a buffer that stays
    // in cache beats one per task.
    private readonly TaskSample _sample = new();
    private readonly GarbageBound _memory = new();
    private IReadOnlyList<NodeTask> _lastTasks = [];
    private CgroupMeasurementFactory? _cgroups;
    // The agent's cgroupfs view (injected: one layout detection per agent); null = one of the runner's own.
    private readonly CgroupFs? _cgroupFs;
    private PlatformCollector? _platform;
    private InternalMetrics? _internal;
    private LabelSet _common = LabelSet.Empty;
    // Which of the runner-made task metrics are selected, decided once instead of a set lookup per task and iteration.
    private readonly bool _wantUp, _wantLastSeen, _wantSubcontainers, _wantRequestedCpus, _wantRequestedMem;

    /// <param name="node">Task discovery.</param>
    /// <param name="metricsStorage">Where metrics go; default: Prometheus text on stderr.</param>
    /// <param name="interval">Seconds between iteration starts (2019 name: action_delay).</param>
    /// <param name="rdtEnabled">Intel RDT monitoring: null = when available.</param>
    /// <param name="extraLabels">Labels added to every metric (win over platform labels).</param>
    /// <param name="eventNames">perf events per task (perf support arrives with the perf issue).</param>
    /// <param name="enableDerivedMetrics">Derived perf metrics (ipc, ips ...).</param>
    /// <param name="includeOptionalLabels">Put sockets, cores, cpus, cpu_model and wca_version on every metric
    /// (the 2019 behaviour); false leaves only host (final WCA), the facts stay on wca_information.</param>
    /// <param name="taskMetrics">Task metrics to produce (default: all); cgroup files feeding none of them are never read,
    /// so a node with thousands of tasks pays only for what it stores.</param>
    /// <param name="cgroups">The agent's cgroupfs (injected, so the layout is detected once per agent).</param>
    public MeasurementRunner(
        INode node,
        ILoggerFactory loggerFactory,
        HostPaths hostPaths,
        LogCounters logCounters,
        TimeProvider time,
        IStorage? metricsStorage = null,
        [ConfigName("interval", "action_delay")][Numeric(0, 60)] double interval = 1.0,
        bool? rdtEnabled = null,
        [Str(Target = ValidationTarget.Keys)][Str(Target = ValidationTarget.Values)] Dictionary<string, string>? extraLabels = null,
        List<string>? eventNames = null,
        bool enableDerivedMetrics = false,
        bool includeOptionalLabels = true,
        List<string>? taskMetrics = null,
        CgroupFs? cgroups = null)
    {
        _cgroupFs = cgroups;
        Node = node;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger(typeof(MeasurementRunner).FullName!);
        _paths = hostPaths;
        _logCounters = logCounters;
        _time = time;
        MetricsStorage = metricsStorage;
        Interval = TimeSpan.FromSeconds(interval);
        RdtEnabled = rdtEnabled;
        _extraLabels = extraLabels ?? [];
        EventNames = eventNames ?? [];
        EnableDerivedMetrics = enableDerivedMetrics;
        IncludeOptionalLabels = includeOptionalLabels;
        TaskMetrics = taskMetrics is null ? null : TaskMetricSelection.Parse(taskMetrics);
        _wantUp = Wanted(MetricCatalog.TaskUp);
        _wantLastSeen = Wanted(MetricCatalog.TaskLastSeen);
        _wantSubcontainers = Wanted(MetricCatalog.TaskSubcontainers);
        _wantRequestedCpus = Wanted(MetricCatalog.TaskRequestedCpus);
        _wantRequestedMem = Wanted(MetricCatalog.TaskRequestedMemBytes);
    }

    public INode Node { get; }
    public IStorage? MetricsStorage { get; private set; }
    public TimeSpan Interval { get; }
    public bool? RdtEnabled { get; }
    public IReadOnlyDictionary<string, string> ExtraLabels => _extraLabels;
    public IReadOnlyList<string> EventNames { get; }
    public bool EnableDerivedMetrics { get; }
    public bool IncludeOptionalLabels { get; }
    public IReadOnlySet<MetricDescriptor>? TaskMetrics { get; }

    /// <summary>Iterations completed (for tests and the bench harness).</summary>
    public long Iterations { get; private set; }

    public int Run(CancellationToken stopping)
    {
        var init = Initialize();
        if (init != 0) return init;
        var schedule = new IterationSchedule(Interval, _time);
        _log.LogInformation("Measuring every {Interval} s", Interval.TotalSeconds);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                schedule.BeginIteration();
                RunIteration(schedule.Overruns);
                _memory.AfterIteration();
                var sleepStart = Stopwatch.GetTimestamp();
                var wait = schedule.Residual();
                if (wait > TimeSpan.Zero) stopping.WaitHandle.WaitOne(wait);
                _profiler.Record(Stage.Sleep, sleepStart);
            }
        }
        finally
        {
            _log.LogInformation("Stopping after {Iterations} iterations", Iterations);
            ReleaseTasks();
        }
        return 0;
    }

    /// <summary>Checks what the configuration asks for against this host; non-zero = exit code.</summary>
    internal int Initialize()
    {
        var rdtAvailable = File.Exists(Path.Combine(_paths.ResctrlRoot, "tasks"));
        if (RdtEnabled == true && !rdtAvailable)
        {
            _log.LogError("RDT explicitly enabled but not available (no {Path}) - exiting!", Path.Combine(_paths.ResctrlRoot, "tasks"));
            return 1;
        }
        if (RdtEnabled == true || (RdtEnabled is null && rdtAvailable))
            _log.LogWarning("RDT monitoring is not supported by this version yet: LLC occupancy and memory bandwidth are not measured");
        if (EventNames.Count > 0 || EnableDerivedMetrics)
            _log.LogWarning("perf events ({Events}) are not supported by this version yet: ignored", string.Join(", ", EventNames));

        MetricsStorage ??= DefaultStorage();
        _cgroups = new CgroupMeasurementFactory(_cgroupFs ?? new CgroupFs(_paths), _loggerFactory.CreateLogger(typeof(CgroupMeasurementFactory).FullName!), TaskMetrics);
        var platformLogger = _loggerFactory.CreateLogger(typeof(PlatformCollector).FullName!);
        var facts = PlatformFacts.Read(_paths);
        _common = CommonLabels(facts);
        _platform = new PlatformCollector(_paths, _common, platformLogger);
        _internal = new InternalMetrics(_paths, _common, facts, _profiler, _logCounters, _failures);
        return 0;
    }

    private LabelSet CommonLabels(PlatformFacts facts)
    {
        var labels = new List<KeyValuePair<string, string>> { new("host", facts.Host) };
        if (IncludeOptionalLabels)
        {
            labels.Add(new("sockets", facts.Sockets.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            labels.Add(new("cores", facts.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            labels.Add(new("cpus", facts.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            labels.Add(new("cpu_model", facts.CpuModel));
            labels.Add(new("wca_version", AgentVersion.Current));
        }
        labels.AddRange(_extraLabels);
        return LabelSet.From(labels);
    }

    /// <summary>One iteration: discover, sync, measure, store. Never throws for task, node or storage failures.</summary>
    internal void RunIteration(long overruns)
    {
        var iterationStart = Stopwatch.GetTimestamp();
        _batch.Clear();
        var now = _time.GetUtcNow();
        _batch.TimestampMilliseconds = now.ToUnixTimeMilliseconds();

        var t = Stopwatch.GetTimestamp();
        var tasks = GetTasks();
        _profiler.Record(Stage.GetTasks, t);

        t = Stopwatch.GetTimestamp();
        SyncTasks(tasks);
        _profiler.Record(Stage.Sync, t);

        t = Stopwatch.GetTimestamp();
        try
        {
            _platform!.CollectMetrics(_batch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Count("platform");
            _log.LogError("Cannot collect platform information: {Error}", e.Message);
        }
        _profiler.Record(Stage.Platform, t);

        t = Stopwatch.GetTimestamp();
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var measured = MeasureTasks(seconds);
        _profiler.Record(Stage.PrepareTasks, t);

        _profiler.Record(Stage.Iteration, iterationStart);
        _internal!.Write(_batch, seconds, tasks.Count, measured, Iterations + 1, overruns);

        t = Stopwatch.GetTimestamp();
        try
        {
            MetricsStorage!.Store(_batch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Count("storage");
            _log.LogError("Cannot store metrics in {Storage}: {Error}", MetricsStorage!.GetType().Name, e.Message);
        }
        _profiler.Record(Stage.Store, t);
        Iterations++;
    }

    private IReadOnlyList<NodeTask> GetTasks()
    {
        try
        {
            var tasks = Node.GetTasks();
            _log.LogDebug("Tasks detected: {Count}", tasks.Count);
            _lastTasks = tasks;
            return tasks;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Count("node");
            _log.LogError("{Node} cannot list tasks ({Error}); measuring the {Count} tasks it reported last",
                Node.GetType().Name, e.Message, _lastTasks.Count);
            return _lastTasks;
        }
    }

    /// <summary>Tasks are identified by cgroup path: new ones get a monitor, vanished ones release theirs.</summary>
    private void SyncTasks(IReadOnlyList<NodeTask> tasks)
    {
        // The very task instances of last time (nodes hand them back while nothing changes): monitors, labels and
        // order all stand, so the per-task lookups are skipped.
        if (SameAsSynced(tasks)) return;
        _synced.Clear();
        _seen.Clear();
        var changed = false;
        foreach (var task in tasks)
        {
            if (!_seen.Add(task.CgroupPath))
            {
                _log.LogDebug("Task {TaskId} repeats cgroup {Cgroup}: ignored", task.TaskId, task.CgroupPath);
                continue;
            }
            if (!_monitors.TryGetValue(task.CgroupPath, out var monitor))
            {
                monitor = new TaskMonitor(task, _cgroups!.Open(task.CgroupPath));
                _monitors.Add(task.CgroupPath, monitor);
                changed = true;
            }
            changed |= monitor.Update(task, _common, BuildTaskLabels);
        }
        if (_monitors.Count != _seen.Count)
        {
            foreach (var (path, monitor) in _monitors.Where(p => !_seen.Contains(p.Key)).ToArray())
            {
                monitor.Dispose();
                _monitors.Remove(path);
            }
            changed = true;
        }
        if (changed)
        {
            _ordered.Clear();
            _ordered.AddRange(_monitors.Values);
            _ordered.Sort(static (a, b) => LabelOrder.Compare(a.Labels, b.Labels));
            _measured = new Measured[_ordered.Count];
            for (var i = 0; i < _measured.Length; i++)
                _measured[i] = new Measured(_ordered[i].Source, _ordered[i].Labels, _ordered[i]) { Failing = _ordered[i].Failing };
        }
        if (_seen.Count == tasks.Count)
            for (var i = 0; i < tasks.Count; i++) _synced.Add(tasks[i]);
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

    private static LabelSet BuildTaskLabels(IReadOnlyDictionary<string, string> labels, string taskId)
    {
        var pairs = new List<KeyValuePair<string, string>>(labels.Count + 1);
        foreach (var (k, v) in labels) pairs.Add(new(TaskLabelSanitizer.Sanitize(k), v));
        pairs.Add(new("task_id", taskId));
        return LabelSet.From(pairs);
    }

    private struct Measured(ITaskMeasurementSource source, LabelSet labels, TaskMonitor monitor)
    {
        public readonly ITaskMeasurementSource Source = source;
        public readonly LabelSet Labels = labels;
        public readonly TaskMonitor Monitor = monitor;
        public bool Failing; // mirrors Monitor.Failing, which outlives this array
    }

    private int MeasureTasks(double now)
    {
        var measured = 0;
        foreach (ref var m in _measured.AsSpan())
        {
            var sample = _sample;
            sample.Clear();
            bool ok;
            try
            {
                ok = m.Source.Collect(sample);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ok = false;
                _log.LogWarning("Measuring task {TaskId} failed: {Error}", m.Monitor.Task.TaskId, e.Message);
            }
            if (!ok)
            {
                if (!m.Failing)
                    _log.LogWarning("Task {TaskId}: cgroup {Cgroup} cannot be read (gone?) - skipped this iteration",
                        m.Monitor.Task.TaskId, m.Monitor.Task.CgroupPath);
                m.Failing = m.Monitor.Failing = true;
                _failures.Count("task");
                continue;
            }
            if (m.Failing) m.Failing = m.Monitor.Failing = false;
            measured++;
            var labels = m.Labels;
            foreach (ref readonly var e in sample.Entries)
                _batch.Add(new Metric(e.Descriptor, e.Value, e.Levels is null ? labels : m.Monitor.LabelsWith(e.Levels)));
            if (_wantUp) _batch.Add(new Metric(MetricCatalog.TaskUp, 1, labels));
            if (_wantLastSeen) _batch.Add(new Metric(MetricCatalog.TaskLastSeen, now, labels));
            if (_wantSubcontainers)
                _batch.Add(new Metric(MetricCatalog.TaskSubcontainers, m.Monitor.Task.SubcgroupPaths.Count, labels));
            if (_wantRequestedCpus && TryNumber(m.Monitor.Task.Resources, "cpus", out var cpus))
                _batch.Add(new Metric(MetricCatalog.TaskRequestedCpus, cpus, labels));
            if (_wantRequestedMem && TryNumber(m.Monitor.Task.Resources, "mem", out var mem))
                _batch.Add(new Metric(MetricCatalog.TaskRequestedMemBytes, mem, labels));
        }
        return measured;
    }

    private bool Wanted(MetricDescriptor descriptor) => TaskMetrics is null || TaskMetrics.Contains(descriptor);

    private static bool TryNumber(IReadOnlyDictionary<string, object> resources, string key, out double value)
    {
        value = 0;
        if (resources.Count == 0 || !resources.TryGetValue(key, out var raw)) return false;
        switch (raw)
        {
            case double d: value = d; return true;
            case long l: value = l; return true;
            case int i: value = i; return true;
            case string s: return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
            default: return false;
        }
    }

    private static LogStorage DefaultStorage() => new();

    private void ReleaseTasks()
    {
        foreach (var monitor in _monitors.Values) monitor.Dispose();
        _monitors.Clear();
        _ordered.Clear();
        _measured = [];
        _synced.Clear();
    }

    public void Dispose()
    {
        ReleaseTasks();
        _platform?.Dispose();
        _internal?.Dispose();
    }
}
