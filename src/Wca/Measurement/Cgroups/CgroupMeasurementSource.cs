using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Wca.Api;
using Wca.Metrics;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// Measures one task cgroup. Which files exist is decided when the cgroup is opened; they stay open and are
/// re-read with pread every iteration. A hierarchy in which the cgroup did not exist yet is looked for again
/// every <see cref="RecheckEvery"/> collections; a vanished cgroup closes everything and is reopened when it
/// comes back (until then Collect returns false).
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
    private List<CgroupFile>? _opening;
    private CgroupPresence _present;
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
        if (_present.IsNone || (++_sinceRecheck >= RecheckEvery && !_present.IsComplete(_layout)))
        {
            _sinceRecheck = 0;
            var now = CgroupPresence.Find(_layout, _cgroupPath);
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
        if (present.IsNone) return;
        _opening = [];
        var l = _layout;
        if (present.Cpuacct) AddValue(l.Cpuacct!, "cpuacct.usage", MetricCatalog.TaskCpuUsageSeconds, 1e-9);
        if (present.Cpu) AddKeyed(l.Cpu!, "cpu.stat", V1CpuStat);
        if (present.Memory)
        {
            AddValue(l.Memory!, "memory.usage_in_bytes", MetricCatalog.TaskMemUsageBytes);
            AddValue(l.Memory!, "memory.max_usage_in_bytes", MetricCatalog.TaskMemMaxUsageBytes);
            AddValue(l.Memory!, "memory.limit_in_bytes", MetricCatalog.TaskMemLimitBytes);
            AddValue(l.Memory!, "memory.soft_limit_in_bytes", MetricCatalog.TaskMemSoftLimitBytes);
            AddKeyed(l.Memory!, "memory.stat", V1MemoryStat);
            AddNuma(l.Memory!, v2: false);
        }
        if (present.Unified)
        {
            // v2 fills in what v1 does not provide for this cgroup; PSI exists only in v2.
            KeyedValue[] cpuStat = [.. present.Cpuacct ? [] : new[] { V2CpuUsage }, .. present.Cpu ? [] : V2CpuThrottling];
            if (cpuStat.Length > 0) AddKeyed(l.Unified!, "cpu.stat", cpuStat);
            if (!present.Memory)
            {
                AddValue(l.Unified!, "memory.current", MetricCatalog.TaskMemUsageBytes);
                AddValue(l.Unified!, "memory.peak", MetricCatalog.TaskMemMaxUsageBytes);
                AddValue(l.Unified!, "memory.max", MetricCatalog.TaskMemLimitBytes);
                AddValue(l.Unified!, "memory.low", MetricCatalog.TaskMemSoftLimitBytes);
                AddKeyed(l.Unified!, "memory.stat", V2MemoryStat);
                AddNuma(l.Unified!, v2: true);
            }
            AddPressure(l.Unified!, "cpu.pressure", CgroupLevels.CpuPressure);
            AddPressure(l.Unified!, "memory.pressure", CgroupLevels.MemoryPressure);
            AddPressure(l.Unified!, "io.pressure", CgroupLevels.IoPressure);
        }
        _files = [.. _opening];
        _opening = null;
        if (_log.IsEnabled(LogLevel.Debug)) _log.LogDebug("Cgroup {Cgroup}: reading {Files}", _cgroupPath, string.Join(", ", OpenFiles));
    }

    private void Add(string hierarchy, string file, Func<SafeFileHandle, string, CgroupFile> create)
    {
        var path = Path.Combine(CgroupLayout.Join(hierarchy, _cgroupPath), file);
        if (CgroupFile.TryOpen(path) is { } handle) _opening!.Add(create(handle, path));
    }

    private bool Wanted(MetricDescriptor descriptor) => _only is null || _only.Contains(descriptor);

    private void AddValue(string hierarchy, string file, MetricDescriptor descriptor, double scale = 1)
    {
        if (Wanted(descriptor)) Add(hierarchy, file, (h, p) => new SingleValueFile(h, p, _log, descriptor, scale));
    }

    private void AddKeyed(string hierarchy, string file, KeyedValue[] wanted)
    {
        if (_only is not null) wanted = Array.FindAll(wanted, k => Wanted(k.Descriptor));
        if (wanted.Length > 0) Add(hierarchy, file, (h, p) => new KeyedValuesFile(h, p, _log, wanted));
    }

    private void AddNuma(string hierarchy, bool v2)
    {
        if (Wanted(MetricCatalog.TaskMemNumaPages)) Add(hierarchy, "memory.numa_stat", (h, p) => new NumaStatFile(h, p, _log, v2));
    }

    private void AddPressure(string hierarchy, string file, LabelSet[] levels)
    {
        if (Wanted(MetricCatalog.TaskPressureStalledSeconds) || Wanted(MetricCatalog.TaskPressureAvg10Ratio))
            Add(hierarchy, file, (h, p) => new PressureFile(h, p, _log, levels));
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
