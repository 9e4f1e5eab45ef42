using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Wca.Api;
using Wca.Metrics;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// Measures one task cgroup. Which files exist is decided when the cgroup is opened; they stay open and are
/// re-read with pread every iteration. A hierarchy in which the cgroup did not exist yet is looked for again
/// every <see cref="RecheckEvery"/> collections when it would add files to read; a vanished cgroup closes
/// everything and is reopened when it comes back (until then Collect returns false).
/// </summary>
internal sealed class CgroupMeasurementSource : ITaskMeasurementSource
{
    internal const int RecheckEvery = 16;

    private static readonly KeyedValue[] V1CpuStat =
    [
        new("nr_periods", MetricCatalog.TaskCpuCfsPeriods),
        new("nr_throttled", MetricCatalog.TaskCpuCfsThrottledPeriods),
        new("throttled_time", MetricCatalog.TaskCpuCfsThrottledSeconds, 1e-9),
    ];
    private static readonly KeyedValue V2CpuUsage = new("usage_usec", MetricCatalog.TaskCpuUsageSeconds, 1e-6);
    private static readonly KeyedValue[] V2CpuThrottling =
    [
        new("nr_periods", MetricCatalog.TaskCpuCfsPeriods),
        new("nr_throttled", MetricCatalog.TaskCpuCfsThrottledPeriods),
        new("throttled_usec", MetricCatalog.TaskCpuCfsThrottledSeconds, 1e-6),
    ];
    // v1 total_* keys include the cgroup's descendants, like v2's memory.stat does.
    private static readonly KeyedValue[] V1MemoryStat =
    [
        new("total_pgfault", MetricCatalog.TaskMemPageFaults),
        new("total_pgmajfault", MetricCatalog.TaskMemMajorPageFaults),
        new("total_rss", MetricCatalog.TaskMemAnonBytes),
        new("total_cache", MetricCatalog.TaskMemFileBytes),
    ];
    private static readonly KeyedValue[] V2MemoryStat =
    [
        new("pgfault", MetricCatalog.TaskMemPageFaults),
        new("pgmajfault", MetricCatalog.TaskMemMajorPageFaults),
        new("anon", MetricCatalog.TaskMemAnonBytes),
        new("file", MetricCatalog.TaskMemFileBytes),
    ];

    private readonly CgroupLayout _layout;
    private readonly string _cgroupPath;
    private readonly ILogger _log;
    private readonly IReadOnlySet<MetricDescriptor>? _only;
    // Read as an array, not a list: one pointer less to chase per task and iteration.
    private CgroupFile[] _files = [];
    private CgroupPresence _present;
    private CgroupPresence _lookFor;
    private int _sinceRecheck;
    private bool _disposed;

    /// <param name="only">The task metrics to produce (null = all); files that feed none of them are never opened.</param>
    public CgroupMeasurementSource(CgroupLayout layout, string cgroupPath, ILogger log, IReadOnlySet<MetricDescriptor>? only = null)
    {
        _layout = layout;
        _cgroupPath = cgroupPath;
        _log = log;
        _only = only;
        Open(CgroupPresence.Find(layout, cgroupPath));
    }

    /// <summary>Paths of the files being read (for tests and debugging).</summary>
    internal IEnumerable<string> OpenFiles => _files.Select(f => f.Path);

    public bool Collect(TaskSample sample)
    {
        if (_disposed) return false;
        // With files open, the cgroup stays where it was found until removed, and then a read fails (ENODEV) and
        // everything is looked for again: only the hierarchies that would add files are worth a look. With none
        // open, only looking everywhere tells a removal.
        var reading = _files.Length > 0;
        if (_present.IsNone || (++_sinceRecheck >= RecheckEvery && (reading ? !_lookFor.IsNone : !_present.IsComplete(_layout))))
        {
            _sinceRecheck = 0;
            var now = _present.IsNone || !reading
                ? CgroupPresence.Find(_layout, _cgroupPath)
                : _present.Or(CgroupPresence.Find(_layout, _cgroupPath, _lookFor));
            if (now != _present) { Close(); Open(now); }
            if (_present.IsNone) return false;
        }
        var start = sample.Count;
        foreach (var file in _files)
        {
            if (file.Collect(sample)) continue;
            sample.Truncate(start);
            Close();
            _present = default;
            return false;
        }
        return true;
    }

    private void Open(CgroupPresence present)
    {
        _present = present;
        _lookFor = default;
        if (present.IsNone) return;
        var plan = Plan(present);
        var opened = new List<(Func<SafeFileHandle, string, CgroupFile> Create, SafeFileHandle Handle, string Path)>(plan.Count);
        foreach (var (hierarchy, name, create) in plan)
        {
            var path = Path.Combine(CgroupLayout.Join(hierarchy, _cgroupPath), name);
            if (CgroupFile.TryOpen(path) is { } handle) opened.Add((create, handle, path));
        }
        // The array first, then its files: allocated (and compacted) next to each other, the array and the first
        // file share a cache line or two, one miss less per task and iteration.
        var files = new CgroupFile[opened.Count];
        for (var i = 0; i < files.Length; i++) files[i] = opened[i].Create(opened[i].Handle, opened[i].Path);
        _files = files;
        _lookFor = WorthLookingFor(present, plan);
        if (_log.IsEnabled(LogLevel.Debug)) _log.LogDebug("Cgroup {Cgroup}: reading {Files}", _cgroupPath, string.Join(", ", OpenFiles));
    }

    /// <summary>A file to read: hierarchy, file name and the parser made for its handle and path.</summary>
    private readonly record struct PlannedFile(string Hierarchy, string Name, Func<SafeFileHandle, string, CgroupFile> Create);

    /// <summary>The files to read for a cgroup present in <paramref name="present"/>: those feeding a selected metric.</summary>
    private List<PlannedFile> Plan(CgroupPresence present)
    {
        var plan = new List<PlannedFile>();
        var l = _layout;
        if (present.Cpuacct) AddValue(plan, l.Cpuacct!, "cpuacct.usage", MetricCatalog.TaskCpuUsageSeconds, 1e-9);
        if (present.Cpu) AddKeyed(plan, l.Cpu!, "cpu.stat", V1CpuStat);
        if (present.Memory)
        {
            AddValue(plan, l.Memory!, "memory.usage_in_bytes", MetricCatalog.TaskMemUsageBytes);
            AddValue(plan, l.Memory!, "memory.max_usage_in_bytes", MetricCatalog.TaskMemMaxUsageBytes);
            AddValue(plan, l.Memory!, "memory.limit_in_bytes", MetricCatalog.TaskMemLimitBytes);
            AddValue(plan, l.Memory!, "memory.soft_limit_in_bytes", MetricCatalog.TaskMemSoftLimitBytes);
            AddKeyed(plan, l.Memory!, "memory.stat", V1MemoryStat);
            AddNuma(plan, l.Memory!, v2: false);
        }
        if (present.Unified)
        {
            // v2 fills in what v1 does not provide for this cgroup; PSI exists only in v2.
            KeyedValue[] cpuStat = [.. present.Cpuacct ? [] : new[] { V2CpuUsage }, .. present.Cpu ? [] : V2CpuThrottling];
            if (cpuStat.Length > 0) AddKeyed(plan, l.Unified!, "cpu.stat", cpuStat);
            if (!present.Memory)
            {
                AddValue(plan, l.Unified!, "memory.current", MetricCatalog.TaskMemUsageBytes);
                AddValue(plan, l.Unified!, "memory.peak", MetricCatalog.TaskMemMaxUsageBytes);
                AddValue(plan, l.Unified!, "memory.max", MetricCatalog.TaskMemLimitBytes);
                AddValue(plan, l.Unified!, "memory.low", MetricCatalog.TaskMemSoftLimitBytes);
                AddKeyed(plan, l.Unified!, "memory.stat", V2MemoryStat);
                AddNuma(plan, l.Unified!, v2: true);
            }
            AddPressure(plan, l.Unified!, "cpu.pressure", CgroupLevels.CpuPressure);
            AddPressure(plan, l.Unified!, "memory.pressure", CgroupLevels.MemoryPressure);
            AddPressure(plan, l.Unified!, "io.pressure", CgroupLevels.IoPressure);
        }
        return plan;
    }

    /// <summary>
    /// The mounted hierarchies the cgroup is missing from whose appearance would change what is read. The others
    /// are never looked for: e.g. a hybrid host whose task cgroups exist only in v1 and a selection without PSI
    /// would otherwise stat the unified tree for every task every few iterations, for nothing.
    /// </summary>
    private CgroupPresence WorthLookingFor(CgroupPresence present, List<PlannedFile> plan)
    {
        bool Changes(CgroupPresence more) => !Plan(more).Select(f => (f.Hierarchy, f.Name)).SequenceEqual(plan.Select(f => (f.Hierarchy, f.Name)));
        return new CgroupPresence(
            !present.Cpu && _layout.Cpu is not null && Changes(present with { Cpu = true }),
            !present.Cpuacct && _layout.Cpuacct is not null && Changes(present with { Cpuacct = true }),
            !present.Memory && _layout.Memory is not null && Changes(present with { Memory = true }),
            !present.Unified && _layout.Unified is not null && Changes(present with { Unified = true }));
    }

    private bool Wanted(MetricDescriptor descriptor) => _only is null || _only.Contains(descriptor);

    private void AddValue(List<PlannedFile> plan, string hierarchy, string file, MetricDescriptor descriptor, double scale = 1)
    {
        if (Wanted(descriptor)) plan.Add(new(hierarchy, file, (h, p) => new SingleValueFile(h, p, _log, descriptor, scale)));
    }

    private void AddKeyed(List<PlannedFile> plan, string hierarchy, string file, KeyedValue[] wanted)
    {
        if (_only is not null) wanted = Array.FindAll(wanted, k => Wanted(k.Descriptor));
        if (wanted.Length > 0) plan.Add(new(hierarchy, file, (h, p) => new KeyedValuesFile(h, p, _log, wanted)));
    }

    private void AddNuma(List<PlannedFile> plan, string hierarchy, bool v2)
    {
        if (Wanted(MetricCatalog.TaskMemNumaPages)) plan.Add(new(hierarchy, "memory.numa_stat", (h, p) => new NumaStatFile(h, p, _log, v2)));
    }

    private void AddPressure(List<PlannedFile> plan, string hierarchy, string file, LabelSet[] levels)
    {
        if (Wanted(MetricCatalog.TaskPressureStalledSeconds) || Wanted(MetricCatalog.TaskPressureAvg10Ratio))
            plan.Add(new(hierarchy, file, (h, p) => new PressureFile(h, p, _log, levels)));
    }

    private void Close()
    {
        foreach (var file in _files) file.Dispose();
        _files = [];
    }

    public void Dispose()
    {
        _disposed = true;
        Close();
    }
}
