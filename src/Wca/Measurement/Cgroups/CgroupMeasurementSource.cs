using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// Measures one task cgroup. Which files exist is decided when the cgroup is opened; they stay open and are
/// re-read with pread every iteration. A hierarchy in which the cgroup did not exist yet is looked for again
/// every <see cref="RecheckEvery"/> collections when it would add files to read; a vanished cgroup closes
/// everything and is reopened when it comes back (until then Collect returns false). A cgroup removed and created
/// anew between two collections (a service restart) is noticed by its old files failing while its directory exists:
/// its files are reopened and read again in the same collection.
/// </summary>
internal sealed partial class CgroupMeasurementSource : ITaskResource
{
    internal const int RecheckEvery = 16;

    private static readonly KeyedValue[] V1CpuStat =
    [
        new("nr_periods", MetricCatalog.TaskCpuCfsPeriods),
        new("nr_throttled", MetricCatalog.TaskCpuCfsThrottledPeriods),
        new("throttled_time", MetricCatalog.TaskCpuCfsThrottledSeconds, 1e9),
    ];
    private static readonly KeyedValue V2CpuUsage = new("usage_usec", MetricCatalog.TaskCpuUsageSeconds, 1e6);
    private static readonly KeyedValue[] V2CpuThrottling =
    [
        new("nr_periods", MetricCatalog.TaskCpuCfsPeriods),
        new("nr_throttled", MetricCatalog.TaskCpuCfsThrottledPeriods),
        new("throttled_usec", MetricCatalog.TaskCpuCfsThrottledSeconds, 1e6),
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

    private readonly Planner _planner;
    // Read as an array, not a list: one pointer less to chase per task and iteration.
    private CgroupFile[] _files = [];
    private CgroupPresence _present;
    private CgroupPresence _lookFor;
    private int _sinceRecheck;
    // Collections left in which missing hierarchies are looked for every time: after a replaced cgroup was reopened,
    // it may have been caught between its mkdirs in the hierarchies.
    private int _settling;
    private bool _disposed;

    private CgroupMeasurementSource(Planner planner) => _planner = planner;

    /// <summary>Opens the source of a task cgroup (leading '/'); never throws for a missing cgroup (Collect returns false).</summary>
    /// <param name="only">The task metrics to produce (null = all); files that feed none of them are never opened.</param>
    public static CgroupMeasurementSource Open(CgroupLayout layout, string cgroupPath, ILogger log, IReadOnlySet<MetricDescriptor>? only = null)
    {
        // The files are found and opened before the source exists, so that the source, its file array and its files
        // are allocated (and compacted) next to each other: the measuring loop reaches a task's first file in a cache
        // line or two after the source instead of in three scattered ones.
        var planner = new Planner(layout, cgroupPath, log, only);
        var present = CgroupPresence.Find(layout, cgroupPath);
        var opened = planner.OpenFiles(present, out var lookFor);
        var source = new CgroupMeasurementSource(planner);
        source.Adopt(present, lookFor, opened);
        return source;
    }

    /// <summary>Paths of the files being read (for tests and debugging).</summary>
    internal IEnumerable<string> OpenFiles => _files.Select(f => f.Path);

    public string Name => "cgroup";

    /// <summary>Never set: a cgroup's own failures are per file (logged by the file) or the cgroup being gone.</summary>
    public string? Error => null;

    public void Sync()
    {
    }

    CollectOutcome ITaskResource.Collect(TaskSample sample) => Collect(sample) ? CollectOutcome.Ok : CollectOutcome.Gone;

    /// <summary>Appends this iteration's values; false when the cgroup has disappeared. Never throws for a vanished cgroup or garbage content.</summary>
    public bool Collect(TaskSample sample)
    {
        if (_disposed) return false;
        // With files open, the cgroup stays where it was found until removed, and then a read fails (ENODEV) and
        // everything is looked for again: only the hierarchies that would add files are worth a look. With none
        // open, only looking everywhere tells a removal.
        var reading = _files.Length > 0;
        var due = ++_sinceRecheck >= RecheckEvery;
        if (due) _sinceRecheck = 0;
        var settling = _settling > 0;
        if (settling) _settling--;
        if (_present.IsNone || ((due || settling) && (reading ? !_lookFor.IsNone : !_present.IsComplete(_planner.Layout))))
        {
            var (layout, cgroupPath) = (_planner.Layout, _planner.CgroupPath);
            var now = _present.IsNone || !reading
                ? CgroupPresence.Find(layout, cgroupPath)
                : _present.Or(CgroupPresence.Find(layout, cgroupPath, _lookFor));
            if (now != _present) Replan(now);
            if (_present.IsNone) return false;
        }
        var start = sample.Count;
        var reopened = false;
        for (var i = 0; i < _files.Length; i++)
        {
            var file = _files[i];
            var errno = file.Collect(sample);
            if (errno == 0) continue;
            if (file.IsKnownBroken(errno))
            {
                // A broken file gets a fresh open now and then: it may work again (its failure is logged once, and its end).
                if (!due) continue;
                file.Reopen();
                if ((errno = file.Collect(sample)) == 0 || file.IsKnownBroken(errno)) continue;
            }
            // A removed cgroup's files answer ENODEV: with the directory gone, so is the task (until it comes back).
            if (!Directory.Exists(file.Directory))
            {
                sample.Truncate(start);
                Close();
                _present = default;
                return false;
            }
            if (reopened)
            {
                file.ReportBroken(errno);
                continue;
            }
            // The directory is there but its file failed: the cgroup was removed and created anew on the same path (a
            // service restart), and the open files are the dead cgroup's. Reopen everything and read it all again now.
            sample.Truncate(start);
            reopened = true;
            if (!Reopen()) return false;
            i = -1;
        }
        return true;
    }

    /// <summary>Opens the files of a replaced cgroup anew; false when it vanished meanwhile.</summary>
    private bool Reopen()
    {
        var now = CgroupPresence.Find(_planner.Layout, _planner.CgroupPath);
        if (now != _present) Replan(now);
        else foreach (var file in _files) file.Reopen();
        _settling = RecheckEvery;
        _sinceRecheck = 0;
        return !_present.IsNone;
    }

    private void Replan(CgroupPresence now)
    {
        Close();
        var opened = _planner.OpenFiles(now, out var lookFor);
        Adopt(now, lookFor, opened);
    }

    /// <summary>Makes the parsers of the opened files: the array first, then its files, next to each other.</summary>
    private void Adopt(CgroupPresence present, CgroupPresence lookFor, List<OpenedFile> opened)
    {
        var files = new CgroupFile[opened.Count];
        for (var i = 0; i < files.Length; i++) files[i] = opened[i].Create(opened[i].Path, opened[i].Fd);
        _files = files;
        _present = present;
        _lookFor = lookFor;
        var log = _planner.Log;
        if (!present.IsNone && log.IsEnabled(LogLevel.Debug)) Log.ReadingFiles(log, _planner.CgroupPath, string.Join(", ", OpenFiles));
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

    /// <summary>A file to read: hierarchy, file name and the parser made for its path and descriptor.</summary>
    private readonly record struct PlannedFile(string Hierarchy, string Name, Func<string, int, CgroupFile> Create);

    /// <summary>A planned file that exists and is open, waiting for its parser.</summary>
    private readonly record struct OpenedFile(Func<string, int, CgroupFile> Create, string Path, int Fd);

    /// <summary>Which files of a cgroup feed the selected metrics, given the hierarchies it exists in.</summary>
    private sealed class Planner(CgroupLayout layout, string cgroupPath, ILogger log, IReadOnlySet<MetricDescriptor>? only)
    {
        public CgroupLayout Layout { get; } = layout;
        public string CgroupPath { get; } = cgroupPath;
        public ILogger Log { get; } = log;

        /// <summary>Opens the planned files that exist; <paramref name="lookFor"/>: see <see cref="WorthLookingFor"/>.</summary>
        public List<OpenedFile> OpenFiles(CgroupPresence present, out CgroupPresence lookFor)
        {
            lookFor = default;
            var opened = new List<OpenedFile>();
            if (present.IsNone) return opened;
            var plan = Plan(present);
            foreach (var (hierarchy, name, create) in plan)
            {
                var path = Path.Combine(CgroupLayout.Join(hierarchy, CgroupPath), name);
                var fd = CgroupFile.Open(path);
                if (fd >= 0) opened.Add(new(create, path, fd));
            }
            lookFor = WorthLookingFor(present, plan);
            return opened;
        }

        /// <summary>The files to read for a cgroup present in <paramref name="present"/>: those feeding a selected metric.</summary>
        private List<PlannedFile> Plan(CgroupPresence present)
        {
            var plan = new List<PlannedFile>();
            var l = Layout;
            if (present.Cpuacct) AddValue(plan, l.Cpuacct!, "cpuacct.usage", MetricCatalog.TaskCpuUsageSeconds, 1e9);
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
                !present.Cpu && Layout.Cpu is not null && Changes(present with { Cpu = true }),
                !present.Cpuacct && Layout.Cpuacct is not null && Changes(present with { Cpuacct = true }),
                !present.Memory && Layout.Memory is not null && Changes(present with { Memory = true }),
                !present.Unified && Layout.Unified is not null && Changes(present with { Unified = true }));
        }

        private bool Wanted(MetricDescriptor descriptor) => only is null || only.Contains(descriptor);

        private void AddValue(List<PlannedFile> plan, string hierarchy, string file, MetricDescriptor descriptor, double divisor = 1)
        {
            if (Wanted(descriptor)) plan.Add(new(hierarchy, file, (p, fd) => new SingleValueFile(p, fd, Log, descriptor, divisor)));
        }

        private void AddKeyed(List<PlannedFile> plan, string hierarchy, string file, KeyedValue[] wanted)
        {
            if (only is not null) wanted = Array.FindAll(wanted, k => Wanted(k.Descriptor));
            if (wanted.Length > 0) plan.Add(new(hierarchy, file, (p, fd) => new KeyedValuesFile(p, fd, Log, wanted)));
        }

        private void AddNuma(List<PlannedFile> plan, string hierarchy, bool v2)
        {
            if (Wanted(MetricCatalog.TaskMemNumaPages)) plan.Add(new(hierarchy, "memory.numa_stat", (p, fd) => new NumaStatFile(p, fd, Log, v2)));
        }

        private void AddPressure(List<PlannedFile> plan, string hierarchy, string file, LabelSet[] levels)
        {
            if (Wanted(MetricCatalog.TaskPressureStalledSeconds) || Wanted(MetricCatalog.TaskPressureAvg10Ratio))
                plan.Add(new(hierarchy, file, (p, fd) => new PressureFile(p, fd, Log, levels)));
        }
    }
}
