using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement.Catalog;
using Wca.Kernel;

namespace Wca.Measurement.Platform;

/// <summary>
/// Reads the platform (topology, /proc/stat, /proc/meminfo, NUMA, vmstat, PSI) every iteration and
/// appends platform_* metrics, labelled with the common labels merged once per series.
/// Files stay open and are pread into reused buffers; label sets are built once per series, so
/// <see cref="CollectMetrics"/> allocates nothing in steady state.
/// </summary>
public sealed partial class PlatformCollector : IDisposable
{
    private static readonly string[] PressureResources = ["cpu", "memory", "io"];
    private static readonly string[] PressureKinds = ["some", "full"];

    private readonly HostPaths _paths;
    private readonly LabelSet _common;
    private readonly ILogger _log;
    private readonly KernelFile? _stat, _meminfo, _vmstat;
    private readonly KernelFile?[] _pressure = new KernelFile?[PressureResources.Length];
    private readonly LabelSet[,] _pressureLabels = new LabelSet[PressureResources.Length, PressureKinds.Length];
    private readonly NumaNodeFiles[] _numa;
    private readonly VmstatCounter[] _vmstatCounters;
    // One latch per file that ever failed; _failing counts those failing now (none: a read looks nothing up).
    private readonly Dictionary<string, FailureLatch> _latches = new(StringComparer.Ordinal);
    private int _failing;
    private LabelSet[] _cpuLabels = [];
    private int[] _cpuIds = new int[64];
    private long[] _cpuTicks = new long[64];
    private int _cpuCount;
    private long _memoryUsedBytes;
    private CpuTopology _topology;
    private readonly string _cpuModel;
    private DateTimeOffset _timestamp;

    private readonly PlatformOptions _options;
    private readonly KeyLabels? _vmstatKeys;
    private readonly KernelFile? _zoneinfo;
    private readonly List<ZoneSection> _zones = [];

    /// <param name="options">The optional files to read too (default: only the catalogue's fixed metrics).</param>
    public PlatformCollector(HostPaths paths, LabelSet commonLabels, ILogger logger, PlatformOptions? options = null)
    {
        _options = options ?? PlatformOptions.Fixed;
        _paths = paths;
        _common = commonLabels;
        _log = logger;
        _topology = CpuTopology.Read(paths);
        _cpuModel = PlatformFacts.ReadCpuModel(paths);
        _stat = Open(paths.ProcFile("stat"), 16384);
        _meminfo = Open(paths.ProcFile("meminfo"), 8192);
        _vmstat = Open(paths.ProcFile("vmstat"), 16384);
        for (var r = 0; r < PressureResources.Length; r++)
        {
            _pressure[r] = KernelFile.TryOpen(paths.ProcFile(Path.Combine("pressure", PressureResources[r])), 256);
            for (var k = 0; k < PressureKinds.Length; k++)
                _pressureLabels[r, k] = LabelSet.From(("resource", PressureResources[r]), ("kind", PressureKinds[k])).Merge(commonLabels);
        }
        if (_pressure.All(p => p is null))
            Log.NoPressure(_log, paths.ProcFile("pressure"));
        _numa = OpenNumaNodes(paths, commonLabels, _options);
        if (_options.Vmstat) _vmstatKeys = new KeyLabels(commonLabels, VmstatKeySelected);
        if (_options.Zoneinfo) _zoneinfo = Open(paths.ProcFile("zoneinfo"), 64 * 1024);
        _vmstatCounters =
        [
            new("numa_pages_migrated"u8.ToArray(), MetricCatalog.PlatformVmstatNumaPagesMigrated),
            new("pgmigrate_success"u8.ToArray(), MetricCatalog.PlatformVmstatPgmigrateSuccess),
            new("pgmigrate_fail"u8.ToArray(), MetricCatalog.PlatformVmstatPgmigrateFail),
            new("numa_hint_faults"u8.ToArray(), MetricCatalog.PlatformVmstatNumaHintFaults),
            new("numa_hint_faults_local"u8.ToArray(), MetricCatalog.PlatformVmstatNumaHintFaultsLocal),
            new("pgfault"u8.ToArray(), MetricCatalog.PlatformVmstatPgfaults),
            new("pgmajfault"u8.ToArray(), MetricCatalog.PlatformVmstatPgmajfaults),
        ];
    }

    /// <summary>Collects the platform; appends its metrics to <paramref name="metrics"/>. Throws only if nothing could be read.</summary>
    /// <returns>An immutable snapshot (a consumer may keep it across iterations).</returns>
    public Wca.Api.Platform Collect(MetricBatch metrics)
    {
        CollectMetrics(metrics);
        var usage = new Dictionary<int, long>(_cpuCount);
        for (var i = 0; i < _cpuCount; i++) usage[_cpuIds[i]] = _cpuTicks[i];
        var nodes = new NumaNode[_numa.Length];
        for (var i = 0; i < _numa.Length; i++) nodes[i] = new NumaNode(_numa[i].Id, _numa[i].Cpus, _numa[i].FreeBytes, _numa[i].UsedBytes);
        var online = new int[_cpuCount];
        Array.Copy(_cpuIds, online, _cpuCount);
        Array.Sort(online);
        return new Wca.Api.Platform
        {
            Sockets = _topology.Sockets, Cores = _topology.Cores, Cpus = _topology.Cpus, OnlineCpus = online, CpuModel = _cpuModel,
            CpuUsage = usage, TotalMemoryUsedBytes = _memoryUsedBytes, NumaNodes = nodes, Timestamp = _timestamp,
        };
    }

    /// <summary>
    /// Reads every platform file and appends the platform_* metrics, without building a snapshot
    /// (what the measurement runner needs). Allocation-free in steady state.
    /// </summary>
    public void CollectMetrics(MetricBatch metrics)
    {
        var read = ReadCpuUsage(metrics);
        // A CPU went on- or offline since the topology was read (the reference asserts here and crashes).
        if (read && _cpuCount != _topology.Cpus) _topology = CpuTopology.Read(_paths);
        read |= ReadMemory(metrics);
        metrics.Add(MetricCatalog.PlatformTopologyCpus, _topology.Cpus, _common);
        metrics.Add(MetricCatalog.PlatformTopologyCores, _topology.Cores, _common);
        metrics.Add(MetricCatalog.PlatformTopologySockets, _topology.Sockets, _common);
        read |= ReadNuma(metrics);
        read |= ReadVmstat(metrics);
        if (_options.Zoneinfo) ReadZoneinfo(metrics);
        read |= ReadPressure(metrics);
        if (!read) throw new InvalidOperationException($"no platform file could be read under {_paths.Proc} and {_paths.Sys}");
        _timestamp = DateTimeOffset.UtcNow;
        metrics.Add(MetricCatalog.PlatformLastSeen, _timestamp.ToUnixTimeMilliseconds() / 1000.0, _common);
    }

    /// <summary>/proc/stat cpuN lines: user + nice + system + irq + softirq + steal (fields 1, 2, 3, 6, 7, 8).</summary>
    private bool ReadCpuUsage(MetricBatch metrics)
    {
        if (!TryRead(_stat, out var text)) return false;
        _cpuCount = 0;
        while (KernelText.NextLine(ref text, out var line))
        {
            if (line.Length < 4 || !line.StartsWith("cpu"u8) || !char.IsAsciiDigit((char)line[3])) continue;
            KernelText.NextField(ref line, out var name);
            if (!KernelText.TryParseLong(name[3..], out var id)) continue;
            long busy = 0;
            for (var field = 1; field <= 8 && KernelText.NextField(ref line, out var value); field++)
            {
                if (field is 4 or 5) continue;
                if (KernelText.TryParseLong(value, out var ticks)) busy += ticks;
            }
            if (_cpuCount == _cpuIds.Length)
            {
                Array.Resize(ref _cpuIds, _cpuCount * 2);
                Array.Resize(ref _cpuTicks, _cpuCount * 2);
            }
            _cpuIds[_cpuCount] = (int)id;
            _cpuTicks[_cpuCount++] = busy;
            metrics.Add(MetricCatalog.PlatformCpuUsage, busy, CpuLabels((int)id));
        }
        return true;
    }

    private LabelSet CpuLabels(int cpu)
    {
        if (cpu >= _cpuLabels.Length) Array.Resize(ref _cpuLabels, Math.Max(cpu + 1, _cpuLabels.Length * 2));
        return _cpuLabels[cpu] ??= LabelSet.From(("cpu", cpu.ToString(CultureInfo.InvariantCulture))).Merge(_common);
    }

    /// <summary>(MemTotal - MemFree - Buffers - Cached) × 1024; a missing line counts as 0.</summary>
    private bool ReadMemory(MetricBatch metrics)
    {
        if (!TryRead(_meminfo, out var text)) return false;
        long total = 0, free = 0, buffers = 0, cached = 0;
        while (KernelText.NextLine(ref text, out var line))
        {
            if (!KernelText.NextField(ref line, out var key) || !KernelText.NextField(ref line, out var value)) continue;
            if (key.SequenceEqual("MemTotal:"u8)) KernelText.TryParseLong(value, out total);
            else if (key.SequenceEqual("MemFree:"u8)) KernelText.TryParseLong(value, out free);
            else if (key.SequenceEqual("Buffers:"u8)) KernelText.TryParseLong(value, out buffers);
            else if (key.SequenceEqual("Cached:"u8)) KernelText.TryParseLong(value, out cached);
        }
        _memoryUsedBytes = (total - free - buffers - cached) * 1024;
        metrics.Add(MetricCatalog.PlatformMemUsageBytes, _memoryUsedBytes, _common);
        return true;
    }

    /// <summary>node*/meminfo lines "Node 0 MemFree:  3515028 kB".</summary>
    private bool ReadNuma(MetricBatch metrics)
    {
        var any = false;
        foreach (var node in _numa)
        {
            if (!TryRead(node.Meminfo, out var text)) continue;
            any = true;
            while (KernelText.NextLine(ref text, out var line))
            {
                if (!KernelText.NextField(ref line, out _) || !KernelText.NextField(ref line, out _)
                    || !KernelText.NextField(ref line, out var key) || !KernelText.NextField(ref line, out var value)
                    || !KernelText.TryParseLong(value, out var kb)) continue;
                if (key.SequenceEqual("MemFree:"u8)) node.FreeBytes = kb * 1024;
                else if (key.SequenceEqual("MemUsed:"u8)) node.UsedBytes = kb * 1024;
            }
            metrics.Add(MetricCatalog.PlatformMemNumaFreeBytes, node.FreeBytes, node.Labels);
            metrics.Add(MetricCatalog.PlatformMemNumaUsedBytes, node.UsedBytes, node.Labels);
            ReadNodeVmstat(node, metrics);
        }
        return any;
    }

    /// <summary>The catalogue's /proc/vmstat counters; keys the kernel does not have are left out.</summary>
    private bool ReadVmstat(MetricBatch metrics)
    {
        if (!TryRead(_vmstat, out var text)) return false;
        while (KernelText.NextLine(ref text, out var line))
        {
            if (!KernelText.NextField(ref line, out var key)) continue;
            if (!KernelText.NextField(ref line, out var value) || !KernelText.TryParseLong(value, out var n)) continue;
            foreach (var counter in _vmstatCounters)
            {
                if (!key.SequenceEqual(counter.Key)) continue;
                metrics.Add(counter.Descriptor, n, _common);
                break;
            }
            if (_vmstatKeys?.For(key) is { } labels) metrics.Add(MetricCatalog.PlatformVmstat, n, labels);
        }
        return true;
    }

    private bool VmstatKeySelected(string key) => _options.VmstatKeys is not { } only || only.IsMatch(key);

    /// <summary>Every node's sysfs vmstat as platform_node_vmstat{numa_node,key} (with the vmstat option).</summary>
    private void ReadNodeVmstat(NumaNodeFiles node, MetricBatch metrics)
    {
        if (node.Vmstat is null || node.VmstatKeys is null || !TryRead(node.Vmstat, out var text)) return;
        while (KernelText.NextLine(ref text, out var line))
        {
            if (!KernelText.NextField(ref line, out var key)) continue;
            if (!KernelText.NextField(ref line, out var value) || !KernelText.TryParseLong(value, out var n)) continue;
            if (node.VmstatKeys.For(key) is { } labels) metrics.Add(MetricCatalog.PlatformNodeVmstat, n, labels);
        }
    }

    /// <summary>
    /// /proc/zoneinfo as platform_zoneinfo{numa_node,zone,key}: "Node N, zone Z" starts a section, and each line the
    /// line pattern matches gives a key and a value in it ("per-node stats" lines belong to the zone they follow); the
    /// "pages free N" line is the key <c>free</c>.
    /// </summary>
    private void ReadZoneinfo(MetricBatch metrics)
    {
        if (!TryRead(_zoneinfo, out var text)) return;
        ZoneSection? zone = null;
        while (KernelText.NextLine(ref text, out var line))
        {
            if (line.StartsWith("Node "u8))
            {
                zone = Section(line);
                continue;
            }
            if (zone is null) continue;
            scoped ReadOnlySpan<byte> key;
            long value;
            var trimmed = line.TrimStart(" \t"u8);
            if (trimmed.StartsWith("pages free"u8))
            {
                var rest = trimmed["pages free"u8.Length..];
                if (!KernelText.NextField(ref rest, out var number) || !KernelText.TryParseLong(number, out value)) continue;
                key = "free"u8;
            }
            else if (!ZoneinfoLine(line, out key, out value)) continue;
            if (zone.Keys.For(key) is { } labels) metrics.Add(MetricCatalog.PlatformZoneinfo, value, labels);
        }
    }

    /// <summary>Key and value of a zoneinfo line: the configured pattern, or the default <c>\s+([a-z_]+)\s+(\d+)</c> at the line's start.</summary>
    private bool ZoneinfoLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> key, out long value)
    {
        key = default;
        value = 0;
        if (_options.ZoneinfoLine is { } pattern)
        {
            var match = pattern.Match(System.Text.Encoding.ASCII.GetString(line));
            if (!match.Success || match.Index != 0 || match.Groups.Count < 3) return false;
            if (!long.TryParse(match.Groups[2].ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return false;
            key = System.Text.Encoding.ASCII.GetBytes(match.Groups[1].Value);
            return true;
        }
        var i = 0;
        while (i < line.Length && IsSpace(line[i])) i++;
        if (i == 0) return false;
        var keyStart = i;
        while (i < line.Length && (line[i] is >= (byte)'a' and <= (byte)'z' || line[i] == (byte)'_')) i++;
        if (i == keyStart) return false;
        key = line[keyStart..i];
        var spaceStart = i;
        while (i < line.Length && IsSpace(line[i])) i++;
        if (i == spaceStart) return false;
        var digitStart = i;
        while (i < line.Length && char.IsAsciiDigit((char)line[i])) i++;
        return i > digitStart && KernelText.TryParseLong(line[digitStart..i], out value);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>The section of a "Node N, zone Z" line, made once per (node, zone).</summary>
    private ZoneSection? Section(ReadOnlySpan<byte> header)
    {
        var rest = header["Node "u8.Length..];
        var comma = rest.IndexOf((byte)',');
        if (comma < 0 || !KernelText.TryParseLong(rest[..comma], out var node)) return null;
        rest = rest[(comma + 1)..].TrimStart(" \t"u8);
        if (!rest.StartsWith("zone"u8)) return null;
        var zone = rest["zone"u8.Length..].Trim(" \t"u8);
        foreach (var section in _zones)
            if (section.Node == node && zone.SequenceEqual(section.Zone)) return section;
        var name = System.Text.Encoding.ASCII.GetString(zone);
        var labels = LabelSet.From(("numa_node", node.ToString(CultureInfo.InvariantCulture)), ("zone", name)).Merge(_common);
        var made = new ZoneSection((int)node, zone.ToArray(), new KeyLabels(labels, static _ => true));
        _zones.Add(made);
        return made;
    }

    private sealed record ZoneSection(int Node, byte[] Zone, KeyLabels Keys);

    private bool ReadPressure(MetricBatch metrics)
    {
        var any = false;
        for (var r = 0; r < _pressure.Length; r++)
        {
            if (_pressure[r] is null || !TryRead(_pressure[r], out var text)) continue;
            any = true;
            while (KernelText.NextLine(ref text, out var line))
            {
                if (!PressureLine.TryParse(line, out var psi)) continue;
                var labels = _pressureLabels[r, psi.Kind];
                if (psi.Avg10Ratio is { } avg10) metrics.Add(MetricCatalog.PlatformPressureAvg10Ratio, avg10, labels);
                if (psi.StalledSeconds is { } stalled) metrics.Add(MetricCatalog.PlatformPressureStalledSeconds, stalled, labels);
            }
        }
        return any;
    }

    /// <summary>Reads a file; a failure is logged when it starts (or changes) and when it ends, not every iteration.</summary>
    private bool TryRead(KernelFile? file, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (file is null) return false;
        var n = file.Read(out text);
        if (n >= 0)
        {
            if (_failing > 0 && _latches.TryGetValue(file.Path, out var working) && working.Clear())
            {
                _failing--;
                Log.ReadableAgain(_log, file.Path);
            }
            return true;
        }
        if (!_latches.TryGetValue(file.Path, out var latch)) _latches.Add(file.Path, latch = new FailureLatch());
        if (!latch.IsFailing) _failing++;
        var error = Errno.Describe(-n);
        if (latch.Fail(error)) Log.CannotRead(_log, file.Path, error);
        return false;
    }

    private KernelFile? Open(string path, int initialSize)
    {
        var file = KernelFile.TryOpen(path, initialSize);
        if (file is null) Log.CannotOpen(_log, path);
        return file;
    }

    private NumaNodeFiles[] OpenNumaNodes(HostPaths paths, LabelSet common, PlatformOptions options)
    {
        var root = paths.SysFile("devices/system/node");
        if (!Directory.Exists(root)) return [];
        var nodes = new List<NumaNodeFiles>();
        foreach (var dir in Directory.EnumerateDirectories(root, "node*"))
        {
            if (!int.TryParse(Path.GetFileName(dir).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            var meminfo = KernelFile.TryOpen(Path.Combine(dir, "meminfo"), 4096);
            if (meminfo is null) continue;
            // sysfs reports a 4096-byte size for short files: File.ReadAllBytes would fail on it.
            List<int> cpus;
            using (var cpulist = KernelFile.TryOpen(Path.Combine(dir, "cpulist"), 256))
                cpus = cpulist is null ? [] : KernelText.ParseCpuList(cpulist.Read());
            var labels = LabelSet.From(("numa_node", id.ToString(CultureInfo.InvariantCulture))).Merge(common);
            var vmstat = options.Vmstat ? KernelFile.TryOpen(Path.Combine(dir, "vmstat"), 8192) : null;
            nodes.Add(new NumaNodeFiles(id, cpus, meminfo, labels)
            {
                Vmstat = vmstat,
                VmstatKeys = vmstat is null ? null : new KeyLabels(labels, VmstatKeySelected),
            });
        }
        nodes.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return [.. nodes];
    }

    public void Dispose()
    {
        _stat?.Dispose();
        _meminfo?.Dispose();
        _vmstat?.Dispose();
        foreach (var p in _pressure) p?.Dispose();
        _zoneinfo?.Dispose();
        foreach (var n in _numa)
        {
            n.Meminfo.Dispose();
            n.Vmstat?.Dispose();
        }
    }

    private sealed record VmstatCounter(byte[] Key, MetricDescriptor Descriptor);

    private sealed class NumaNodeFiles(int id, IReadOnlyList<int> cpus, KernelFile meminfo, LabelSet labels)
    {
        public int Id { get; } = id;
        public IReadOnlyList<int> Cpus { get; } = cpus;
        public KernelFile Meminfo { get; } = meminfo;
        public LabelSet Labels { get; } = labels;
        public KernelFile? Vmstat { get; init; }
        public KeyLabels? VmstatKeys { get; init; }
        public long FreeBytes { get; set; }
        public long UsedBytes { get; set; }
    }
}
