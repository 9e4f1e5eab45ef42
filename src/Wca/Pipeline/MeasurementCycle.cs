using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Discovery.Http;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Measurement.Cgroups;
using Wca.Measurement.Perf;
using Wca.Measurement.Perf.Uncore;
using Wca.Measurement.Platform;
using Wca.Measurement.Sched;
using Wca.Measurement.Wss;

namespace Wca.Pipeline;

/// <summary>
/// One measurement cycle, the part every runner shares: get the node's tasks, sync their containers, read the
/// platform, measure every task (its resources, a pod's containers merged) into the iteration's package and, for a
/// decider, into each task's data; then the agent's own metrics. One failing task, node call or platform read is
/// logged (once per distinct failure) and counted, never thrown.
/// </summary>
internal sealed partial class MeasurementCycle : IResourceFailures, IDisposable
{
    private readonly MeasurementSettings _settings;
    private readonly AgentServices _services;
    private readonly ILogger _log;
    private readonly StageProfiler _profiler;
    private readonly FailureCounters _failures;
    private readonly FailureLatch _nodeFailure = new();
    private readonly FailureLatch _platformFailure = new();
    private readonly string _nodeName;
    // One sample for all tasks: each is copied into the batch right after its collection, and a buffer that stays
    // in cache beats one per task. The scratch sample holds one container of a pod before it is merged.
    private readonly TaskSample _sample = new();
    private readonly TaskSample _scratch = new();
    // Which of the runner-made task metrics are selected, decided once instead of a set lookup per task and iteration.
    private readonly bool _wantUp, _wantLastSeen, _wantSubcontainers, _wantRequestedCpus, _wantRequestedMem;
    private TaskRegistry? _tasks;
    // The time of the iteration being measured (RDT's bandwidth rate is over it).
    private double _iterationSeconds;
    private Measured[] _measured = [];
    private TaskContainer[]? _measuredFrom;
    private IReadOnlyList<NodeTask> _lastTasks = [];
    // Orchestrator nodes only: when the node was last asked and last answered, and whether the last known tasks are
    // too old to measure (after task_staleness of failed polls).
    private readonly IOrchestratorNode? _orchestrator;
    private DateTimeOffset? _lastPoll;
    private DateTimeOffset? _lastAnswer;
    private bool _stale;
    private PlatformCollector? _platform;
    private InternalMetrics? _internal;
    private MemoryTopology? _memoryTopology;
    private PerfCounterFactory? _perf;
    private UncoreCollector? _uncore;
    private PerfDescriptorMetrics? _perfDescriptors;

    public MeasurementCycle(MeasurementSettings settings, AgentServices services, StageProfiler profiler, FailureCounters failures)
    {
        _settings = settings;
        _services = services;
        _log = services.LoggerFactory.CreateLogger(typeof(MeasurementCycle).FullName!);
        _profiler = profiler;
        _failures = failures;
        _nodeName = settings.Node.GetType().Name;
        // wca_failure_count is always present: the stages this cycle counts start at 0.
        failures.Declare("node", _nodeName);
        failures.Declare("task", "cgroup");
        failures.Declare("platform", "platform");
        _orchestrator = settings.Node as IOrchestratorNode;
        // wca_failure_count{stage="discovery", component=<kind>}: why polls failed, every kind present from the start.
        if (_orchestrator is not null)
            foreach (var kind in DiscoveryFailureKinds.All) failures.Declare(DiscoveryStage, DiscoveryFailureKinds.LabelOf(kind));
        _wantUp = Wanted(MetricCatalog.TaskUp);
        _wantLastSeen = Wanted(MetricCatalog.TaskLastSeen);
        _wantSubcontainers = Wanted(MetricCatalog.TaskSubcontainers);
        _wantRequestedCpus = Wanted(MetricCatalog.TaskRequestedCpus);
        _wantRequestedMem = Wanted(MetricCatalog.TaskRequestedMemBytes);
    }

    /// <summary>The labels of every metric: host, the optional platform facts, extra_labels (which win).</summary>
    public LabelSet CommonLabels { get; private set; } = LabelSet.Empty;

    /// <summary>Checks what the configuration asks for against this host and opens what measuring needs; non-zero = exit code.</summary>
    public int Initialize()
    {
        var paths = _services.HostPaths;
        if (DetectRdt() is var rdtCode and not 0) return rdtCode;

        var cgroups = new CgroupMeasurementFactory(_services.Cgroups, _services.LoggerFactory.CreateLogger(typeof(CgroupMeasurementFactory).FullName!), _settings.TaskMetrics);
        var factories = new List<ITaskResourceFactory> { cgroups };
        if (_settings.EventNames.Count > 0)
        {
            var options = new PerfCounterOptions
            {
                EventNames = _settings.EventNames, AggregateCpus = _settings.PerfAggregateCpus,
                DerivedMetrics = _settings.EnableDerivedMetrics, TaskMetrics = _settings.TaskMetrics,
            };
            try
            {
                _perf = PerfCounterFactory.Create(options, cgroups.Layout, paths, _services.LoggerFactory.CreateLogger(typeof(PerfCounterFactory).FullName!));
            }
            catch (ArgumentException e)
            {
                Log.PerfConfigurationInvalid(_log, e.Message);
                return 1;
            }
            if (_perf is not null) factories.Add(_perf);
        }
        if (WantsSched()) factories.Add(new SchedStatFactory(cgroups.Layout, paths.Proc, _settings.SchedKeys));
        var facts = PlatformFacts.Read(paths);
        CommonLabels = BuildCommonLabels(facts);
        if (StartRdt(cgroups.Layout) is var rdtStart and not 0) return rdtStart;
        // Whole-task resources, in this order: the working set is judged against the bandwidth RDT read just before.
        var taskFactories = new List<ITaskScopedResourceFactory>();
        if (_rdt is not null) taskFactories.Add(_rdt);
        if (WantsWss())
            taskFactories.Add(new WssFactory(cgroups.Layout, paths.Proc, _settings.Wss!, _rdt, _rdtOff,
                _services.LoggerFactory.CreateLogger(typeof(WssFactory).FullName!)));
        _tasks = new TaskRegistry([.. factories], [.. taskFactories], _log);
        _platform = new PlatformCollector(paths, CommonLabels, _services.LoggerFactory.CreateLogger(typeof(PlatformCollector).FullName!), _settings.Platform);
        if (_settings.HwMemoryTopology != false)
        {
            try
            {
                _memoryTopology = MemoryTopology.Gather(_settings.HwMemoryTopology, CommonLabels,
                    _services.LoggerFactory.CreateLogger(typeof(MemoryTopology).FullName!), _settings.HwToolSearchPath);
            }
            catch (MemoryTopologyException e)
            {
                Log.MemoryTopologyUnavailable(_log, e.Message);
                return 1;
            }
        }
        if (!_settings.UncoreEvents.IsEmpty)
            _uncore = UncoreCollector.Open(_settings.UncoreEvents, _settings.EnableDerivedMetrics, paths, CommonLabels,
                _services.LoggerFactory.CreateLogger(typeof(UncoreCollector).FullName!), _settings.UncoreOpener ?? PerfUncoreGroupOpener.Instance);
        if (_perf is not null || _uncore is not null) _perfDescriptors = new PerfDescriptorMetrics(_perf, _uncore, CommonLabels);
        _internal = new InternalMetrics(paths, CommonLabels, facts, _profiler, _services.LogCounters, _failures);
        return 0;
    }

    private LabelSet BuildCommonLabels(PlatformFacts facts)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var labels = new List<KeyValuePair<string, string>> { new("host", facts.Host) };
        if (_settings.IncludeOptionalLabels)
        {
            labels.Add(new("sockets", facts.Sockets.ToString(inv)));
            labels.Add(new("cores", facts.Cores.ToString(inv)));
            labels.Add(new("cpus", facts.Cpus.ToString(inv)));
            labels.Add(new("cpu_model", facts.CpuModel));
            labels.Add(new("cpu_model_number", facts.CpuModelNumber));
            labels.Add(new("wca_version", AgentVersion.Current));
        }
        labels.AddRange(_settings.ExtraLabels);
        return LabelSet.From(labels);
    }

    /// <summary>Measures this iteration into <paramref name="context"/> (its package is cleared first).</summary>
    public void Measure(IterationContext context, CancellationToken stopping)
    {
        var batch = context.Metrics;
        batch.Clear();
        context.Timestamp = _services.Time.GetUtcNow();
        batch.TimestampMilliseconds = context.Timestamp.ToUnixTimeMilliseconds();

        var t = Stopwatch.GetTimestamp();
        var tasks = GetTasks(stopping);
        context.TasksReported = tasks.Count;
        _profiler.Record(Stages.GetTasks, t);

        t = Stopwatch.GetTimestamp();
        _perf?.Refresh(); // CPUs that went on- or offline: each task's counters follow at its collection
        _iterationSeconds = context.Seconds;
        _tasks!.Sync(tasks, CommonLabels, BuildTaskLabels);
        _profiler.Record(Stages.Sync, t);

        t = Stopwatch.GetTimestamp();
        context.Platform = null;
        try
        {
            if (_settings.KeepTaskData) context.Platform = _platform!.Collect(batch) with { Timestamp = context.Timestamp, Rdt = _rdtFacts?.Information };
            else _platform!.CollectMetrics(batch);
            if (_platformFailure.Clear()) Log.PlatformRecovered(_log);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Count("platform", "platform");
            if (_platformFailure.Fail(e.Message)) Log.PlatformFailed(_log, e.Message);
        }
        // Read once at start: appended even when the platform files fail.
        _memoryTopology?.AppendTo(batch);
        _rdtFacts?.AppendTo(batch);
        _uncore?.Collect(batch, context.Seconds);
        _profiler.Record(Stages.Platform, t);

        t = Stopwatch.GetTimestamp();
        context.TasksMeasured = MeasureTasks(context);
        _perf?.ReportStartup(); // once, after the first iteration that opened counters
        AppendRdtMetrics(batch);
        _profiler.Record(Stages.PrepareTasks, t);
    }

    /// <summary>Appends the agent's own metrics (call after the runner's body, so its stages are in).</summary>
    public void WriteInternalMetrics(IterationContext context, long iterations)
    {
        _internal!.Write(context.Metrics, context.Seconds, context.TasksReported, context.TasksMeasured, iterations, context.Overruns);
        _perfDescriptors?.AppendTo(context.Metrics);
    }

    /// <summary>The failure stage counting orchestrator failures by kind.</summary>
    internal const string DiscoveryStage = "discovery";

    private IReadOnlyList<NodeTask> GetTasks(CancellationToken stopping)
    {
        var now = _services.Time.GetUtcNow();
        // An orchestrator is asked once per iteration at most (this is the one call) and not more often than its
        // minimum interval: in between, the tasks it reported last are measured.
        if (_orchestrator is { MinPollInterval: var minimum } && minimum > TimeSpan.Zero && _lastPoll is { } last && now - last < minimum)
            return KnownTasks(now);
        _lastPoll = now;
        try
        {
            var tasks = _settings.Node.GetTasks(stopping);
            Log.TasksDetected(_log, tasks.Count);
            if (_nodeFailure.Clear(out var failures)) Log.NodeRecovered(_log, _nodeName, failures);
            _lastTasks = tasks;
            _lastAnswer = now;
            _stale = false;
            return tasks;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The agent stops (the node abandoned its walk): not a node failure; this last iteration ends quickly.
            return _lastTasks;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Count("node", _nodeName);
            if (e is DiscoveryException discovery) _failures.Count(DiscoveryStage, DiscoveryFailureKinds.LabelOf(discovery.Kind));
            if (_nodeFailure.Fail(e.Message)) Log.NodeFailed(_log, _nodeName, e.Message, _stale ? 0 : _lastTasks.Count);
            return KnownTasks(now);
        }
    }

    /// <summary>
    /// What is measured while the node is not asked or does not answer: its last tasks (one bad poll never drops
    /// them), unless an orchestrator has failed for longer than its task_staleness: then no tasks, said once.
    /// </summary>
    private IReadOnlyList<NodeTask> KnownTasks(DateTimeOffset now)
    {
        if (_orchestrator is null || !_nodeFailure.IsFailing || _lastTasks.Count == 0) return _lastTasks;
        if (_stale) return [];
        var since = _lastAnswer ?? now;
        if (now - since < _orchestrator.TaskStaleness) return _lastTasks;
        _stale = true;
        Log.TasksStale(_log, _nodeName, (now - since).TotalSeconds, _orchestrator.TaskStaleness.TotalSeconds, _lastTasks.Count);
        return [];
    }

    /// <summary>
    /// The node's labels (sanitized) plus task_id and task_name, which win over node labels of those names: the final
    /// release labels every task series with both (task_name is the node's name for the task, e.g. namespace/pod).
    /// </summary>
    private LabelSet BuildTaskLabels(NodeTask task)
    {
        var pairs = new List<KeyValuePair<string, string>>(task.Labels.Count + 2 + _settings.TaskLabelGenerators.Count);
        foreach (var (k, v) in task.Labels) pairs.Add(new(TaskLabelSanitizer.Sanitize(k), v));
        pairs.Add(new("task_id", task.TaskId)); // last: LabelSet.From lets the last value of a key win
        pairs.Add(new("task_name", task.Name));
        var labels = LabelSet.From(pairs);
        if (_settings.TaskLabelGenerators.Count == 0) return labels;
        // Derived labels come from the task's own labels (task_name included) and never replace task_id or task_name.
        foreach (var (name, generator) in _settings.TaskLabelGenerators)
        {
            if (name is "task_id" or "task_name") continue;
            if (generator.Generate(labels) is { } value) pairs.Insert(pairs.Count - 2, new(name, value));
            else Log.GeneratorSourceMissing(_log, name, task.TaskId, generator.Source);
        }
        return LabelSet.From(pairs);
    }

    /// <summary>What measuring touches per task and iteration, in output order, next to each other.</summary>
    private struct Measured(TaskContainer container)
    {
        public readonly TaskContainer Container = container;
        public readonly MeasuredCgroup? Single = container.Single;
        public readonly MeasuredCgroup? TaskScoped = container.TaskScoped;
        public readonly LabelSet Labels = container.Labels;
        public bool Failing = container.Failing; // mirrors Container.Failing, which outlives this array
    }

    private int MeasureTasks(IterationContext context)
    {
        var ordered = _tasks!.Ordered;
        if (!ReferenceEquals(ordered, _measuredFrom))
        {
            _measuredFrom = ordered;
            _measured = new Measured[ordered.Length];
            for (var i = 0; i < ordered.Length; i++) _measured[i] = new Measured(ordered[i]);
        }
        var keep = _settings.KeepTaskData;
        if (keep)
        {
            context.Tasks = new Dictionary<string, TaskData>(Math.Max(_measured.Length, 1), StringComparer.Ordinal);
            context.TaskLabels.Clear();
        }
        var batch = context.Metrics;
        var now = context.Seconds;
        var measured = 0;
        foreach (ref var m in _measured.AsSpan())
        {
            var sample = _sample;
            sample.Clear();
            var container = m.Container;
            if (!(m.Single is { } single ? single.Collect(container, sample, this) : container.Collect(sample, _scratch, this)))
            {
                if (!m.Failing) Log.TaskGone(_log, container.Task.TaskId, container.Task.CgroupPath);
                m.Failing = container.Failing = true;
                _failures.Count("task", "cgroup");
                continue;
            }
            if (m.Failing) m.Failing = container.Failing = false;
            measured++;
            m.TaskScoped?.Collect(container, sample, this);
            var labels = m.Labels;
            var task = container.Task;
            foreach (ref readonly var e in sample.Entries)
                batch.Add(new Metric(e.Descriptor, e.Value, e.Levels is null ? labels : container.LabelsWith(e.Levels)));
            if (_wantUp) batch.Add(new Metric(MetricCatalog.TaskUp, 1, labels));
            if (_wantLastSeen) batch.Add(new Metric(MetricCatalog.TaskLastSeen, now, labels));
            if (_wantSubcontainers) batch.Add(new Metric(MetricCatalog.TaskSubcontainers, task.SubcgroupPaths.Count, labels));
            if (_wantRequestedCpus && TryNumber(task.Resources, "cpus", out var cpus)) batch.Add(new Metric(MetricCatalog.TaskRequestedCpus, cpus, labels));
            if (_wantRequestedMem && TryNumber(task.Resources, "mem", out var mem)) batch.Add(new Metric(MetricCatalog.TaskRequestedMemBytes, mem, labels));
            if (keep) Keep(context, container, sample);
        }
        return measured;
    }

    /// <summary>This task's measurements as the decider sees them (only for runners with one: it allocates).</summary>
    private static void Keep(IterationContext context, TaskContainer container, TaskSample sample)
    {
        var entries = sample.Entries;
        container.Shape = MeasurementShape.Of(entries, container.Shape);
        var measurements = new TaskMeasurements(container.Shape, entries);
        var id = container.Task.TaskId;
        context.TaskLabels[id] = container.TaskLabels;
        context.Tasks[id] = new TaskData { Task = container.Task, Labels = container.TaskLabels, Measurements = measurements, Series = measurements.Series };
    }

    void IResourceFailures.Failed(TaskContainer task, ITaskResource resource, FailureLatch latch)
    {
        _failures.Count("task", resource.Name);
        var error = resource.Error ?? "unknown error";
        if (latch.Fail(error)) Log.ResourceFailed(_log, task.Task.TaskId, resource.Name, error);
    }

    void IResourceFailures.Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch)
    {
        if (latch.Clear(out var failures)) Log.ResourceRecovered(_log, task.Task.TaskId, resource.Name, failures);
    }

    private bool WantsSched() => _settings.Sched && (Wanted(MetricCatalog.TaskSchedStat) || Wanted(MetricCatalog.TaskSchedStatNumaFaults));

    private bool WantsWss() => _settings.Wss is not null
        && (Wanted(MetricCatalog.TaskWssReferencedBytes) || Wanted(MetricCatalog.TaskWssMeasureOverheadSeconds) || Wanted(MetricCatalog.TaskWorkingSetSizeBytes));

    private bool Wanted(MetricDescriptor descriptor) => _settings.TaskMetrics is null || _settings.TaskMetrics.Contains(descriptor);

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

    /// <summary>Closes every task's resources (the agent stops).</summary>
    public void ReleaseTasks()
    {
        _tasks?.Clear();
        _rdt?.RemoveAll();
        _measured = [];
        _measuredFrom = null;
    }

    public void Dispose()
    {
        ReleaseTasks();
        _platform?.Dispose();
        _uncore?.Dispose();
        _perf?.Dispose();
        _internal?.Dispose();
    }
}
