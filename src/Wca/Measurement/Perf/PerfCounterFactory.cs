using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel;
using Wca.Kernel.Cgroups;
using Wca.Kernel.Perf;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf;

/// <summary>
/// Makes the perf counters of each task cgroup (<see cref="PerfCounterResource"/>) and holds what they share: the
/// events that work on this host (probed once at start on the hierarchy's root cgroup), the online CPUs (re-read
/// every iteration by <see cref="Refresh"/>), the open descriptor count, and the host-wide failures (permission,
/// descriptor limit) that are logged once here instead of once per task.
/// </summary>
internal sealed partial class PerfCounterFactory : ITaskResourceFactory, IDisposable
{
    /// <summary>
    /// An idle task's counters check that their cgroup still exists once in this many iterations, the tasks spread
    /// over them. A check (one lookup from the kept directory descriptor) costs about half a group read: done every
    /// iteration for thousands of sleeping tasks it would add a third to what their counters cost; this way ~2 %.
    /// </summary>
    internal const int LivenessProbeInterval = 16;

    // errnos (asm-generic/errno-base.h, errno.h).
    private const int Eperm = 1, Enoent = 2, Eacces = 13, Enodev = 19, Einval = 22, Enfile = 23, Emfile = 24, Eopnotsupp = 95;

    private readonly ILogger _log;
    private readonly string _onlinePath;
    // The online CPU list, kept open and compared as bytes: parsed only when it changes.
    private readonly KernelFile? _online;
    private byte[] _onlineText = [];
    private long _iteration;
    private int _nextPhase;
    private readonly FailureLatch _hostFailure = new();
    private readonly Dictionary<int, LabelSet> _cpuLevels = [];

    private PerfCounterFactory(string hierarchy, PerfEventDefinition[] events, PerfCounterOptions options, string onlinePath, int[] cpus, ILogger log)
    {
        Hierarchy = hierarchy;
        Events = events;
        Attrs = [.. events.Select(e => e.Attr)];
        Names = [.. events.Select(e => e.EventName)];
        AggregateCpus = options.AggregateCpus;
        Selected = [.. events.Select(e => options.TaskMetrics is null || options.TaskMetrics.Contains(e.Descriptor))];
        bool Wanted(MetricDescriptor d) => options.TaskMetrics is null || options.TaskMetrics.Contains(d);
        WantScaling = (Wanted(MetricCatalog.TaskScalingFactorAvg), Wanted(MetricCatalog.TaskScalingFactorMax));
        int IndexOf(MetricDescriptor d) => Array.FindIndex(events, e => ReferenceEquals(e.Descriptor, d));
        if (options.DerivedMetrics)
            Derived = new PerfDerivedInputs(IndexOf(MetricCatalog.TaskInstructions), IndexOf(MetricCatalog.TaskCycles),
                IndexOf(MetricCatalog.TaskCacheMisses), IndexOf(MetricCatalog.TaskCacheReferences),
                Wanted(MetricCatalog.TaskIps), Wanted(MetricCatalog.TaskIpc), Wanted(MetricCatalog.TaskCacheHitRatio), Wanted(MetricCatalog.TaskCacheMissesPerKiloInstructions));
        _onlinePath = onlinePath;
        _online = KernelFile.TryOpen(onlinePath, 256);
        Cpus = cpus;
        _log = log;
    }

    /// <summary>The perf_event hierarchy the task cgroups are opened in.</summary>
    public string Hierarchy { get; }

    /// <summary>The events counted, in group order (leader first).</summary>
    public PerfEventDefinition[] Events { get; }

    internal PerfEventAttr[] Attrs { get; }

    internal string[] Names { get; }

    /// <summary>Per event: whether task_metrics selects its metric.</summary>
    internal bool[] Selected { get; }

    internal (bool Avg, bool Max) WantScaling { get; }

    /// <summary>Where the derived metrics' inputs are among <see cref="Events"/>; null = enable_derived_metrics is off.</summary>
    internal PerfDerivedInputs? Derived { get; set; } // set: a test points the inputs at software events, which this VM counts

    public bool AggregateCpus { get; }

    /// <summary>The online CPUs, ascending; replaced (not changed) when they change.</summary>
    public int[] Cpus { get; private set; }

    /// <summary>Open perf event descriptors of all task counters.</summary>
    public int OpenDescriptors { get; internal set; }

    /// <summary>Task cgroups with counters open (for the EMFILE message).</summary>
    internal int OpenCgroups { get; set; }

    /// <summary>
    /// The v1 perf_event hierarchy when it is mounted (the cgroup a v1 event counts for is in that controller's tree),
    /// else the cgroup2 tree, where the controller is implicit (kernel cgroup-v2.rst, "perf_event"); null = neither.
    /// </summary>
    public static string? HierarchyOf(CgroupLayout layout) => layout.PerfEvent ?? layout.Unified;

    /// <summary>
    /// Resolves, checks and probes the configured events. Returns null (perf off, said why) when nothing can be
    /// counted; throws <see cref="ArgumentException"/> naming event_names when the programmable events exceed the
    /// counter budget (the caller exits).
    /// </summary>
    public static PerfCounterFactory? Create(PerfCounterOptions options, CgroupLayout layout, HostPaths paths, ILogger log)
    {
        var cpu = CpuCodeNames.Detect(paths);
        var resolved = new List<PerfEventDefinition>();
        foreach (var name in options.EventNames.Distinct(StringComparer.Ordinal))
        {
            if (PerfEventNames.Resolve(name, cpu) is not { } definition)
            {
                Log.EventNotForCpu(log, name, cpu.ToString());
                continue;
            }
            if (resolved.Any(r => ReferenceEquals(r.Descriptor, definition.Descriptor))) continue; // an alias of an event already listed
            resolved.Add(definition);
        }
        if (PerfCounterBudget.Check(resolved, PerfCounterBudget.HyperThreading(paths.Sys)) is { } overBudget)
            throw new ArgumentException(overBudget, "event_names");
        if (resolved.Count == 0) return null;
        if (HierarchyOf(layout) is not { } hierarchy)
        {
            Log.NoHierarchy(log, layout.Root);
            return null;
        }
        var onlinePath = Path.Combine(paths.Sys, "devices", "system", "cpu", "online");
        var cpus = OnlineCpus.Read(onlinePath) ?? [.. Enumerable.Range(0, Environment.ProcessorCount)];
        var supported = Probe(resolved, hierarchy, cpus[0], paths, log);
        if (supported is null || supported.Count == 0) return null;
        var factory = new PerfCounterFactory(hierarchy, [.. supported], options, onlinePath, cpus, log);
        Log.Counting(log, string.Join(", ", factory.Names), hierarchy, CpuListText(cpus), options.AggregateCpus ? "summed over CPUs" : "one series per CPU");
        return factory;
    }

    /// <summary>Opens each event alone on the hierarchy's root cgroup: the ones the CPU or hypervisor lacks are left out, said once; null = perf is denied.</summary>
    private static List<PerfEventDefinition>? Probe(List<PerfEventDefinition> events, string hierarchy, int cpu, HostPaths paths, ILogger log)
    {
        var rootFd = Posix.Open(hierarchy, Posix.ReadOnly);
        if (rootFd < 0)
        {
            Log.NoHierarchy(log, hierarchy);
            return null;
        }
        try
        {
            var supported = new List<PerfEventDefinition>();
            foreach (var e in events)
            {
                try
                {
                    using var _ = PerfEventGroup.OpenForCgroup(rootFd, cpu, [e.Attr], [e.EventName], enable: false);
                    supported.Add(e);
                }
                catch (PerfEventException failure) when (failure.Errno is Eacces or Eperm)
                {
                    Log.Denied(log, failure.Errno, Errno.Describe(failure.Errno), Paranoid(paths));
                    return null;
                }
                catch (PerfEventException failure)
                {
                    Log.EventUnsupported(log, e.EventName, failure.Errno, Errno.Describe(failure.Errno), Meaning(failure.Errno));
                }
            }
            return supported;
        }
        finally
        {
            Posix.Close(rootFd);
        }
    }

    /// <summary>What an errno of perf_event_open means for an event (perf_event_open(2), ERRORS).</summary>
    public static string Meaning(int errno) => errno switch
    {
        Enoent => "the kernel has no such event for this PMU: the CPU or the hypervisor does not provide it (a VM often has no hardware counters)",
        Eopnotsupp => "the PMU cannot count this event in this mode",
        Einval => "the event or its configuration is invalid for this CPU",
        Enodev => "no PMU for this event type",
        _ => "the kernel refused the event",
    };

    private static string Paranoid(HostPaths paths)
    {
        try
        {
            return File.ReadAllText(paths.ProcFile("sys/kernel/perf_event_paranoid")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>Re-reads the online CPUs (once per iteration, before the tasks are synced); resources reopen their groups at their next collection.</summary>
    public void Refresh()
    {
        _iteration++;
        int[]? now;
        if (_online is null) now = OnlineCpus.Read(_onlinePath); // could not be kept open: read it whole
        else
        {
            if (_online.Read(out var text) < 0 || text.SequenceEqual(_onlineText)) return;
            _onlineText = text.ToArray();
            now = OnlineCpus.Parse(text);
        }
        if (now is null || now.AsSpan().SequenceEqual(Cpus)) return;
        Log.CpusChanged(_log, CpuListText(Cpus), CpuListText(now));
        Cpus = now;
    }

    /// <summary>A new resource's phase of the liveness checks (consecutive ones: the tasks spread evenly over the interval).</summary>
    internal int NextLivenessPhase() => _nextPhase++ % LivenessProbeInterval;

    /// <summary>Whether an idle resource of <paramref name="phase"/> checks its cgroup this iteration (<see cref="Refresh"/> counts them).</summary>
    internal bool ProbesLiveness(int phase) => (_iteration + phase) % LivenessProbeInterval == 0;

    public void Dispose() => _online?.Dispose();

    public ITaskResource? Open(string cgroupPath) => new PerfCounterResource(this, cgroupPath, CgroupLayout.Join(Hierarchy, cgroupPath));

    /// <summary>The <c>cpu</c> level of per-CPU series (one instance per CPU).</summary>
    internal LabelSet CpuLevels(int cpu)
    {
        if (!_cpuLevels.TryGetValue(cpu, out var levels))
            _cpuLevels[cpu] = levels = LabelSet.From(("cpu", cpu.ToString(CultureInfo.InvariantCulture)));
        return levels;
    }

    /// <summary>
    /// A failure opening a task's counters: true when it is host-wide (permission, descriptor limit), which is
    /// logged here once and clears with <see cref="Opened"/>; false = the task's own failure, for its resource to report.
    /// </summary>
    internal bool HostWide(PerfEventException failure, string cgroupPath) => HostWide(failure.Errno, cgroupPath);

    /// <inheritdoc cref="HostWide(PerfEventException, string)"/>
    internal bool HostWide(int errno, string cgroupPath)
    {
        switch (errno)
        {
            case Emfile or Enfile:
                if (_hostFailure.Fail("emfile"))
                {
                    var (soft, _) = FileDescriptorLimit.Current();
                    var cgroups = OpenCgroups + 1;
                    Log.TooManyFiles(_log, errno, cgroupPath, (long)cgroups * Cpus.Length * Events.Length, cgroups, Cpus.Length, Events.Length,
                        soft == ulong.MaxValue ? "unlimited" : soft.ToString(CultureInfo.InvariantCulture));
                }
                return true;
            case Eacces or Eperm:
                if (_hostFailure.Fail("denied")) Log.Denied(_log, errno, Errno.Describe(errno), "see /proc/sys/kernel/perf_event_paranoid");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="descriptors"/> more fit above descriptor number <paramref name="highest"/> under the
    /// soft RLIMIT_NOFILE with <see cref="Reserve"/> left for the rest of the agent (storage files, sockets, cgroup
    /// files of tasks still to come): perf counters must not starve it.
    /// </summary>
    internal bool HasRoomFor(int highest, int descriptors) => _softLimit == 0 || (ulong)(highest + 1 + descriptors + Reserve) <= _softLimit;

    /// <summary>Descriptors perf counters leave free for the rest of the agent.</summary>
    public const int Reserve = 64;

    private readonly ulong _softLimit = FileDescriptorLimit.Current().Soft is var soft && soft == ulong.MaxValue ? 0 : soft;

    /// <summary>A task's counters opened (since <paramref name="startedTimestamp"/>): a host-wide failure is over.</summary>
    internal void Opened(long startedTimestamp)
    {
        OpeningTime += Stopwatch.GetElapsedTime(startedTimestamp);
        if (_hostFailure.IsFailing && _hostFailure.Clear(out var failures)) Log.Recovered(_log, failures);
    }

    /// <summary>Time spent opening task counters since start (perf_event_open, reset and enable of every group).</summary>
    internal TimeSpan OpeningTime { get; private set; }

    private bool _openingReported;

    /// <summary>
    /// Called after each iteration's tasks are measured: after the first one that opened counters, says once how many
    /// descriptors opened in how long (the start-up cost; bench/perf.sh reads it). Costs a flag test afterwards.
    /// </summary>
    public void ReportStartup()
    {
        if (_openingReported || OpeningTime == TimeSpan.Zero) return;
        _openingReported = true;
        Log.OpenedAtStart(_log, OpenDescriptors, OpenCgroups, OpeningTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), Cpus.Length, Events.Length);
    }

    private static string CpuListText(int[] cpus) => string.Join(",", cpus);
}
