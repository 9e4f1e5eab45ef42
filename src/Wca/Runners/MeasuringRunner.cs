using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Wca.Actuation;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;
using Wca.Host.Security;
using Wca.Measurement;
using Wca.Measurement.Platform;
using Wca.Pipeline;
using Wca.Storage;

namespace Wca.Runners;

/// <summary>
/// What every runner is: the YAML keys they share, declared once here, and the composition of one iteration loop
/// (<see cref="IterationLoop"/>) with one measurement cycle (<see cref="MeasurementCycle"/>). A runner adds its body
/// (detect, allocate) between measuring and storing the metrics package. One failing task, node call, storage or
/// decider is logged and counted and the loop goes on; only start-up errors end the process. Stops cleanly (exit 0)
/// when the stopping token is cancelled.
/// </summary>
public abstract partial class MeasuringRunner : IRunner, IPrivilegedComponent, IValidatableComponent, IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _extraLabels = NodeTask.NoLabels;
    private readonly IReadOnlyList<string>? _taskMetrics;
    private readonly PlatformOptions _platform = new() { Vmstat = true, Zoneinfo = true };
    private readonly StageProfiler _profiler = new(Stages.Names);
    private readonly FailureCounters _failures = new();
    private readonly IterationContext _context = new();
    private IStorage? _metricsStorage;
    private LogStorage? _defaultStorage;
    private MeasurementCycle? _cycle;
    private StorageSlot? _metricsSlot;

    /// <param name="services">What the agent injects (logging, host paths, clock).</param>
    private protected MeasuringRunner(AgentServices services)
    {
        Services = services;
        Logger = services.LoggerFactory.CreateLogger(GetType().FullName!);
    }

    /// <summary>Task discovery (required, unless the final release's <c>measurement_runner:</c> gives it).</summary>
    public INode? Node { get; init; }

    /// <summary>Where metrics go; default: Prometheus text on stderr.</summary>
    public IStorage? MetricsStorage { get => _metricsStorage; init => _metricsStorage = value; }

    /// <summary>Seconds between iteration starts (2019 name: action_delay).</summary>
    [ConfigName("interval", "action_delay")]
    [Numeric(0, 60)]
    public double IntervalSeconds { get; init; } = 1.0;

    /// <summary>Time between iteration starts.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>Intel RDT monitoring: null = when available.</summary>
    public bool? RdtEnabled { get; init; }

    /// <summary>Labels added to every metric (win over platform labels).</summary>
    [Str(Target = ValidationTarget.Keys)]
    [LabelName(Target = ValidationTarget.Keys)][Wca.Host.Configuration.NotAgentLabel(Target = ValidationTarget.Keys)]
    [Str(Target = ValidationTarget.Values)]
    [AllowNull]
    public IReadOnlyDictionary<string, string> ExtraLabels { get => _extraLabels; init => _extraLabels = value ?? NodeTask.NoLabels; }

    /// <summary>
    /// perf events per task: task_instructions, task_cycles, task_cache_misses, task_cache_references, the final
    /// release's predefined raw events (per CPU model), software events (task_clock, context_switches, cpu_migrations,
    /// page_faults), the 2019 names and raw events name__rEEUU[CC[config1]].
    /// </summary>
    [AllowNull]
    public IReadOnlyList<string> EventNames { get; init => field = TaskEventNamesOf(value); } = [];

    /// <summary>
    /// Platform (uncore PMU) perf events per socket: predefined names (platform_cas_count_reads, platform_cas_count_writes,
    /// platform_pmm_bandwidth_reads/_writes, platform_rpq_occupancy, platform_rpq_inserts, platform_imc_clockticks,
    /// platform_upi_rxl_flits, platform_upi_txl_flits) or definitions name/uncore_imc/event=0x04,umask=0x03/. A flat
    /// list is one perf group per PMU and socket; a list of lists one group per inner list. Default: none.
    /// </summary>
    [ConfigName("uncore_event_names")]
    public Either<IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>>? UncoreEvents
    {
        get;
        init
        {
            field = value;
            UncoreEventGroups = Wca.Measurement.Perf.Uncore.UncoreEventGroups.FromYaml(value, "uncore_event_names");
        }
    }

    /// <summary>Every uncore event's name, in configured order.</summary>
    public IReadOnlyList<string> UncoreEventNames => UncoreEventGroups.Names;

    /// <summary>uncore_event_names parsed into perf groups.</summary>
    internal Wca.Measurement.Perf.Uncore.UncoreEventGroups UncoreEventGroups { get; private init; } = Wca.Measurement.Perf.Uncore.UncoreEventGroups.None;

    /// <summary>Sum task perf counters over CPUs (true, the default) or one series per CPU with a <c>cpu</c> label.</summary>
    public bool PerfAggregateCpus { get; init; } = true;

    /// <summary>Derived perf metrics (ipc, ips ...).</summary>
    public bool EnableDerivedMetrics { get; init; }

    /// <summary>Put sockets, cores, cpus, cpu_model, cpu_model_number and wca_version on every metric (the 2019
    /// behaviour); false (the final release's default) leaves only host, and the facts stay on wca_information.</summary>
    public bool IncludeOptionalLabels { get; init; }

    /// <summary>
    /// /proc/vmstat and every NUMA node's vmstat as platform_vmstat{key} and platform_node_vmstat{numa_node,key}: true
    /// (the final release's default), false, or a regex: only the keys it matches (anywhere in the key).
    /// </summary>
    public Either<bool, string> Vmstat
    {
        get;
        init
        {
            field = value;
            _platform = _platform with { Vmstat = !value.IsFirst || value.First, VmstatKeys = value.IsFirst ? null : Pattern(value.Second!, "vmstat", 0) };
        }
    } = true;

    /// <summary>
    /// /proc/zoneinfo as platform_zoneinfo{numa_node,zone,key}: true (the final release's default), false, or a regex
    /// with two groups, key and value, matched at the start of each line (default <c>\s+([a-z_]+)\s+(\d+)</c>).
    /// </summary>
    public Either<bool, string> Zoneinfo
    {
        get;
        init
        {
            field = value;
            _platform = _platform with { Zoneinfo = !value.IsFirst || value.First, ZoneinfoLine = value.IsFirst ? null : Pattern(value.Second!, "zoneinfo", 2) };
        }
    } = true;

    /// <summary>
    /// Scheduler statistics per task from every thread's /proc/&lt;tid&gt;/sched as task_sched_stat{key} and
    /// task_sched_stat_numa_faults{numa_node,fault_type}: false (the default), true, or a regex: only the keys it matches.
    /// </summary>
    public Either<bool, string> Sched
    {
        get;
        init
        {
            field = value;
            SchedKeys = value.IsFirst ? null : Pattern(value.Second!, "sched", 0);
        }
    } = false;

    private protected Regex? SchedKeys { get; private init; }

    /// <summary>
    /// Working set size per task: every iteration the Referenced: kB of each process's /proc/&lt;pid&gt;/smaps, summed
    /// over the task's processes, as task_wss_referenced_bytes (with task_wss_measure_overhead_seconds); every this many
    /// iterations 1 is written to each process's clear_refs, so the value restarts from the pages touched since.
    /// Null (the default) = no WSS measurement; 0 = measure, never reset. Intrusive: a reset makes the kernel re-fault
    /// the referenced bits, and reading smaps of a big process takes time.
    /// </summary>
    public int? WssResetCycles { get; init; }

    /// <summary>Consecutive stable cycles for the task_working_set_size_bytes estimate (0, the default, = off). Positive
    /// with wss_reset_cycles: 0 = reset the referenced bits once stable; negative = check without resetting. Needs RDT
    /// memory-bandwidth monitoring (MBM): without it a warning says so and only the referenced bytes are measured.</summary>
    public int WssStableCycles { get; init; }

    /// <summary>Share of the task's memory-bandwidth delta (bytes over the same cycle, from RDT MBM) under which the growth
    /// of its referenced bytes counts as stable (null, the default, = off), e.g. 0.01.</summary>
    public double? WssMembwThreshold { get; init; }

    // wss_reset_cycles: 0 with positive wss_stable_cycles: clear_refs is written when the estimate is stable.
    private bool ResetsOnStable => WssResetCycles == 0 && WssStableCycles > 0 && WssMembwThreshold is not null;

    /// <summary>Task labels derived from other task labels: new label name → generator (the final release's task_label_generators).</summary>
    [AllowNull]
    public IReadOnlyDictionary<string, TaskLabelRegexGenerator> TaskLabelGenerators
    {
        get;
        init
        {
            foreach (var name in (value ?? ReadOnlyDictionary<string, TaskLabelRegexGenerator>.Empty).Keys)
                if (!PrometheusEncoding.IsLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
                    throw new ArgumentException($"'{name}' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)", "task_label_generators");
            field = value ?? ReadOnlyDictionary<string, TaskLabelRegexGenerator>.Empty;
        }
    } = ReadOnlyDictionary<string, TaskLabelRegexGenerator>.Empty;

    /// <summary>
    /// Hardware memory topology from <c>dmidecode</c> and <c>ipmctl</c>, run once at start (platform_dimm_*,
    /// platform_mem_mode_size_bytes, the nvdimm metrics): auto (the default: when they are on PATH; one line says which
    /// is not), true (a missing or failing tool is a start-up error naming it) or false.
    /// </summary>
    public Either<bool, string> GatherHwMmTopology
    {
        get;
        init
        {
            if (!value.IsFirst && value.Second != "auto")
                throw new ArgumentException($"'{value.Second}' is not one of auto, true, false", "gather_hw_mm_topology");
            field = value;
        }
    } = "auto";

    /// <summary>Where dmidecode and ipmctl are looked up (PATH-style); null = the process's PATH (tests put fixture tools first).</summary>
    internal string? HwToolSearchPath { get; init; }

    /// <summary>How allocations become cgroup values (the final release accepts it here; an allocation runner applies it).</summary>
    [ConfigName("allocation_configuration", "_allocation_configuration")]
    public AllocationConfiguration? AllocationConfiguration { get; init; }

    /// <summary>Task metrics to produce (default: all); cgroup files feeding none of them are never read, so a node with
    /// thousands of tasks pays only for what it stores.</summary>
    public IReadOnlyList<string>? TaskMetrics
    {
        get => _taskMetrics;
        init
        {
            _taskMetrics = value;
            SelectedTaskMetrics = value is null ? null : TaskMetricSelection.Parse(value);
        }
    }

    /// <summary>Task perf events: each one this agent knows or a well-formed raw event (a typo is an error at load).</summary>
    private static IReadOnlyList<string> TaskEventNamesOf(IReadOnlyList<string>? names)
    {
        if (names is null) return [];
        foreach (var name in names)
            if (Wca.Measurement.Perf.PerfEventNames.Check(name ?? "") is { } error) throw new ArgumentException(error, "event_names");
        return names;
    }

    /// <summary>A configured regex, compiled once; a bad one (or one with too few groups) names the key.</summary>
    private static Regex Pattern(string pattern, string key, int groups)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{pattern}' is not a valid regular expression: {e.Message}", key);
        }
        if (regex.GetGroupNumbers().Length - 1 < groups)
            throw new ArgumentException($"'{pattern}' needs {groups} groups (key and value), it has {regex.GetGroupNumbers().Length - 1}", key);
        return regex;
    }

    /// <summary>The catalogue descriptors of <see cref="TaskMetrics"/>; null = all.</summary>
    public IReadOnlySet<MetricDescriptor>? SelectedTaskMetrics { get; private init; }

    /// <summary>What this configuration needs of the host: perf events for event_names, resctrl for rdt_enabled: true, smaps reads (and clear_refs writes) for wss_reset_cycles.</summary>
    public virtual PrivilegeNeeds PrivilegeNeeds => Composed?.PrivilegeNeeds ??
        (EventNames.Count > 0 || UncoreEventNames.Count > 0 || EnableDerivedMetrics ? PrivilegeNeeds.PerfEvents : PrivilegeNeeds.None)
        | (RdtEnabled == true ? PrivilegeNeeds.Resctrl : PrivilegeNeeds.None)
        | (WssResetCycles is not null ? PrivilegeNeeds.ProcessMemoryReads : PrivilegeNeeds.None)
        | (WssResetCycles > 0 || ResetsOnStable ? PrivilegeNeeds.ReferencedBitsResets : PrivilegeNeeds.None);

    /// <inheritdoc/>
    public virtual string? PrivilegeCause(PrivilegeNeeds need)
    {
        if (Composed is { } composed) return composed.PrivilegeCause(need);
        var settings = new List<string>();
        if (need == PrivilegeNeeds.PerfEvents)
        {
            if (EventNames.Count > 0) settings.Add("event_names: " + string.Join(", ", EventNames));
            if (UncoreEventNames.Count > 0) settings.Add("uncore_event_names: " + string.Join(", ", UncoreEventNames));
            if (EnableDerivedMetrics) settings.Add("enable_derived_metrics: true");
        }
        if (need == PrivilegeNeeds.Resctrl && RdtEnabled == true) settings.Add("rdt_enabled: true");
        if (need is PrivilegeNeeds.ProcessMemoryReads or PrivilegeNeeds.ReferencedBitsResets && WssResetCycles is not null)
            settings.Add("wss_reset_cycles: " + WssResetCycles.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (need == PrivilegeNeeds.ReferencedBitsResets && ResetsOnStable)
            settings.Add("wss_stable_cycles: " + WssStableCycles.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return settings.Count > 0 ? string.Join(" and ", settings) : null;
    }

    /// <summary>
    /// The final release's composition (<c>measurement_runner: !MeasurementRunner {...}</c> on a detection or allocation
    /// runner): the runner whose measurement keys this one uses instead of its own; null = its own keys (the 2019 shape).
    /// </summary>
    private protected virtual MeasuringRunner? Composed => null;

    /// <summary>Whether this runner has the <c>measurement_runner</c> key (detection and allocation runners).</summary>
    private protected virtual bool ComposesMeasurementRunner => false;

    /// <summary>The runner whose measurement keys apply: the composed one, or this.</summary>
    private protected MeasuringRunner Measuring => Composed ?? this;

    /// <inheritdoc/>
    public virtual void Validate()
    {
        if (Composed is null)
        {
            if (Node is null)
                throw new ArgumentException(ComposesMeasurementRunner
                    ? "missing required key 'node' (or, as the final release writes it, 'measurement_runner: !MeasurementRunner' with the node inside)"
                    : "missing required key 'node'", "node");
            return;
        }
        if (Node is not null)
            throw new ArgumentException("'node' and 'measurement_runner' both give the node: give 'node' inside measurement_runner only", "node");
        if (_metricsStorage is not null)
            throw new ArgumentException("'metrics_storage' and 'measurement_runner' both give where metrics go: give 'metrics_storage' inside measurement_runner only", "metrics_storage");
    }

    /// <summary>Iterations completed (for tests and the bench harness).</summary>
    public long Iterations { get; private set; }

    // A runner that replaces another on a SIGHUP reload continues its counters (Wca.Hosting.ReloadingHost).
    private long _overrunsBefore;
    private long _overruns;

    /// <summary>Iterations and overruns so far: what a runner replacing this one on a reload continues from.</summary>
    internal (long Iterations, long Overruns) Progress => (Iterations, _overruns);

    /// <summary>Continues the counters of the runner this one replaces, so wca_iterations and the overrun count stay continuous.</summary>
    internal void ContinueFrom((long Iterations, long Overruns) progress)
    {
        Iterations = progress.Iterations;
        _overrunsBefore = _overruns = progress.Overruns;
    }

    private protected AgentServices Services { get; }

    private protected ILogger Logger { get; }

    private protected StageProfiler Profiler => _profiler;

    private protected FailureCounters Failures => _failures;

    /// <summary>The common labels (host, platform facts, extra_labels), known after initialisation.</summary>
    private protected LabelSet CommonLabels => _cycle?.CommonLabels ?? LabelSet.Empty;

    /// <summary>The resctrl operations (tests give a stand-in's driver); null = the kernel's.</summary>
    internal Wca.Kernel.Resctrl.IResctrlFileSystem? ResctrlFiles { get; init; }

    /// <summary>RDT monitoring of the cycle (its task placements are the allocation side's too); null when RDT is off.</summary>
    private protected Wca.Measurement.Rdt.RdtMonitoring? RdtMonitoring => _cycle?.Rdt;


    /// <summary>Whether the body reads the platform snapshot and each task's data (they are built only then).</summary>
    private protected virtual bool KeepsTaskData => false;

    /// <summary>The one stderr LogStorage of every slot left unset.</summary>
    private protected IStorage DefaultStorage => _defaultStorage ??= new LogStorage();

    public int Run(CancellationToken stopping)
    {
        var init = Initialize();
        if (init != 0) return init;
        var interval = Measuring.Interval;
        var loop = new IterationLoop(interval, Services.Time, _profiler);
        Log.Measuring(Logger, interval.TotalSeconds);
        try
        {
            loop.Run(overruns => RunIteration(overruns, stopping), stopping);
        }
        finally
        {
            Log.Stopping(Logger, Iterations);
            _cycle?.ReleaseTasks();
            Released();
        }
        return 0;
    }

    /// <summary>Checks what the configuration asks for against this host; non-zero = exit code.</summary>
    internal int Initialize()
    {
        var m = Measuring;
        _metricsStorage ??= m._metricsStorage ?? DefaultStorage;
        _metricsSlot = Slot("metrics_storage", PackageKind.Metrics, _metricsStorage);
        _cycle = new MeasurementCycle(new MeasurementSettings
        {
            Node = m.Node!,
            RdtEnabled = m.RdtEnabled,
            ResctrlFiles = ResctrlFiles ?? m.ResctrlFiles,
            ExtraLabels = m.ExtraLabels,
            EventNames = m.EventNames,
            UncoreEventNames = m.UncoreEventNames,
            UncoreEvents = m.UncoreEventGroups,
            EnableDerivedMetrics = m.EnableDerivedMetrics,
            PerfAggregateCpus = m.PerfAggregateCpus,
            IncludeOptionalLabels = m.IncludeOptionalLabels,
            TaskMetrics = m.SelectedTaskMetrics,
            Platform = m._platform,
            TaskLabelGenerators = m.TaskLabelGenerators,
            Sched = !m.Sched.IsFirst || m.Sched.First,
            SchedKeys = m.SchedKeys,
            Wss = m.WssResetCycles is { } resetCycles ? new Wca.Measurement.Wss.WssOptions(resetCycles, m.WssStableCycles, m.WssMembwThreshold) : null,
            KeepTaskData = KeepsTaskData,
            HwMemoryTopology = m.GatherHwMmTopology.IsFirst ? m.GatherHwMmTopology.First : null,
            HwToolSearchPath = m.HwToolSearchPath,
        }, Services, _profiler, _failures);
        var code = _cycle.Initialize();
        return code != 0 ? code : InitializeBody();
    }

    /// <summary>The body's own start-up (its stages, slots); non-zero = exit code.</summary>
    private protected virtual int InitializeBody() => 0;

    /// <summary>One iteration: measure, the body, the agent's own metrics, store. Never throws for task, node, decider or storage failures.</summary>
    internal void RunIteration(long overruns, CancellationToken stopping = default)
    {
        var iterationStart = Stopwatch.GetTimestamp();
        var context = _context;
        context.Overruns = _overruns = _overrunsBefore + overruns;
        _cycle!.Measure(context, stopping);
        Body(context, stopping);
        _profiler.Record(Stages.Iteration, iterationStart);
        _cycle.WriteInternalMetrics(context, Iterations + 1);
        var t = Stopwatch.GetTimestamp();
        _metricsSlot!.Store(context.Metrics, stopping);
        _profiler.Record(Stages.Store, t);
        Iterations++;
    }

    /// <summary>What the runner does with the measurements before the metrics package is stored (it may store its own packages).</summary>
    private protected virtual void Body(IterationContext context, CancellationToken stopping)
    {
    }

    /// <summary>Closes what the body holds per task (the agent stops or the runner is disposed).</summary>
    private protected virtual void Released()
    {
    }

    /// <summary>A storage slot of this runner (failures logged once and counted under its key).</summary>
    private protected StorageSlot Slot(string key, PackageKind kind, IStorage? storage)
    {
        _failures.Declare("storage", key);
        storage ??= DefaultStorage;
        // A storage that queues undelivered packages reports its backlog with the runner's internal metrics.
        _failures.StorageQueues.Add(key, storage);
        return new(key, kind, storage, Logger, _failures);
    }

    public void Dispose()
    {
        Released();
        _cycle?.Dispose();
        _defaultStorage?.Dispose();
        GC.SuppressFinalize(this);
    }
}
