using System.Globalization;

namespace Wca.Kernel.Resctrl;

/// <summary>
/// What the mounted resctrl filesystem offers, read from <c>info/</c> (resctrl.rst, "Info directory"), the root
/// group's schemata (its resource lines and their domain ids) and mon_data (its L3 domains). Everything optional is
/// null when the resource is absent.
/// </summary>
internal sealed record ResctrlInfo
{
    /// <summary>CAT: the root schemata has an L3 line (L3CODE/L3DATA with CDP count too).</summary>
    public bool CacheControl { get; init; }

    /// <summary>Code/data prioritisation is on: the L3 resource is split into info/L3CODE and info/L3DATA.</summary>
    public bool CodeDataPrioritization { get; init; }

    /// <summary>info/L3/cbm_mask (hex, e.g. fffff): every bit the L3 masks may use.</summary>
    public string? CbmMask { get; init; }

    /// <summary>info/L3/min_cbm_bits: the fewest consecutive bits a mask may have.</summary>
    public int? MinCbmBits { get; init; }

    /// <summary>info/L3/shareable_bits (hex): bits other agents (I/O) may also use.</summary>
    public string? ShareableBits { get; init; }

    /// <summary>info/L3/num_closids.</summary>
    public int? L3Closids { get; init; }

    /// <summary>MBA: the root schemata has an MB line.</summary>
    public bool MemoryBandwidthControl { get; init; }

    /// <summary>info/MB/bandwidth_gran: the step of MB values.</summary>
    public int? BandwidthGranularity { get; init; }

    /// <summary>info/MB/min_bandwidth: the smallest MB value.</summary>
    public int? MinBandwidth { get; init; }

    /// <summary>info/MB/delay_linear: whether the throttling delay is linear (Intel); null when the file is absent.</summary>
    public bool? DelayLinear { get; init; }

    /// <summary>info/MB/num_closids.</summary>
    public int? MbClosids { get; init; }

    /// <summary>What MB values mean: percent, MiB/s (mba_MBps mount option) or AMD's eighths of GB/s.</summary>
    public MemoryBandwidthUnit MemoryBandwidthUnit { get; init; }

    /// <summary>The largest MB value (100 percent; 2048 on AMD; no limit with mba_MBps).</summary>
    public long MaxBandwidth => MemoryBandwidthUnit switch
    {
        MemoryBandwidthUnit.EighthGigabytesPerSecond => 2048,
        MemoryBandwidthUnit.MegabytesPerSecond => uint.MaxValue,
        _ => 100,
    };

    /// <summary>CMT: llc_occupancy is monitored.</summary>
    public bool CacheMonitoring { get; init; }

    /// <summary>MBM: mbm_total_bytes is monitored.</summary>
    public bool MemoryBandwidthMonitoring { get; init; }

    /// <summary>MBM local: mbm_local_bytes is monitored (remote = total - local).</summary>
    public bool LocalMemoryBandwidthMonitoring { get; init; }

    /// <summary>info/L3_MON/mon_features, in file order (empty without monitoring).</summary>
    public IReadOnlyList<string> MonitoringFeatures { get; init; } = [];

    /// <summary>info/L3_MON/num_rmids: how many monitoring groups (control groups included) can exist.</summary>
    public int? NumRmids { get; init; }

    /// <summary>The L3 domain ids of the root schemata's L3 line (cache ids, one per socket on Intel).</summary>
    public IReadOnlyList<int> L3Domains { get; init; } = [];

    /// <summary>The domain ids of the root schemata's MB line.</summary>
    public IReadOnlyList<int> MbDomains { get; init; } = [];

    /// <summary>The directory names of the root mon_data (mon_L3_00, mon_L3_01 ...): every group has the same.</summary>
    public IReadOnlyList<string> MonitoringDomains { get; init; } = [];

    /// <summary>Control groups the kernel allows: the smaller num_closids of L3 and MB; null without any control.</summary>
    public int? NumClosids => (L3Closids, MbClosids) switch
    {
        ({ } l3, { } mb) => Math.Min(l3, mb),
        ({ } l3, null) => l3,
        (null, { } mb) => mb,
        _ => null,
    };

    public bool AnyControl => CacheControl || MemoryBandwidthControl;

    public bool AnyMonitoring => CacheMonitoring || MemoryBandwidthMonitoring;

    /// <summary>
    /// Reads the facts of the resctrl filesystem mounted at <paramref name="mount"/>. <paramref name="mountsFile"/>
    /// (/proc/mounts) tells the mba_MBps option, <paramref name="cpuinfoFile"/> (/proc/cpuinfo) whether the MB unit
    /// is AMD's. A missing or malformed info file of a present resource throws <see cref="ResctrlException"/>.
    /// </summary>
    public static ResctrlInfo Read(ResctrlMount mount, string? mountsFile, string? cpuinfoFile)
    {
        var root = mount.Root;
        var info = Path.Combine(root, "info");
        var schemata = mount.ReadText(Path.Combine(root, "schemata"));
        string? l3Line = null, mbLine = null;
        foreach (var raw in schemata.Split('\n'))
        {
            var line = raw.Trim();
            // The kernel pads resource names to equal width ("    L3:0=fffff"; "L3CODE:..."/"L3DATA:..." with CDP).
            if (line.StartsWith("MB:", StringComparison.Ordinal) || line.StartsWith("MB ", StringComparison.Ordinal)) mbLine ??= line;
            else if (line.StartsWith("L3", StringComparison.Ordinal)) l3Line ??= line;
        }
        var cacheControl = l3Line is not null;
        var cdp = cacheControl && !l3Line!.StartsWith("L3:", StringComparison.Ordinal) && mount.Files.DirectoryExists(Path.Combine(info, "L3CODE"));
        // With CDP the L3 resource's files live in L3CODE (and L3DATA, the same values): the original crashed here.
        var l3Dir = Path.Combine(info, cdp ? "L3CODE" : "L3");
        var mbControl = mbLine is not null;
        var mbDir = Path.Combine(info, "MB");
        var monDir = Path.Combine(info, "L3_MON");

        IReadOnlyList<string> features = [];
        int? rmids = null;
        bool cmt, mbm, mbmLocal;
        var monDomains = mount.Files.ListDirectories(Path.Combine(root, "mon_data")) ?? [];
        Array.Sort(monDomains, StringComparer.Ordinal);
        if (mount.Files.DirectoryExists(monDir))
        {
            features = mount.ReadText(Path.Combine(monDir, "mon_features")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rmids = ReadInt(mount, Path.Combine(monDir, "num_rmids"));
            cmt = features.Contains("llc_occupancy");
            mbm = features.Contains("mbm_total_bytes");
            mbmLocal = features.Contains("mbm_local_bytes");
        }
        else
        {
            // Kernels before info/L3_MON (4.14): the counters of the first domain tell (the original's test).
            var first = monDomains.Length > 0 ? Path.Combine(root, "mon_data", monDomains[0]) : null;
            cmt = first is not null && mount.Files.FileExists(Path.Combine(first, "llc_occupancy"));
            mbm = first is not null && mount.Files.FileExists(Path.Combine(first, "mbm_total_bytes"));
            mbmLocal = first is not null && mount.Files.FileExists(Path.Combine(first, "mbm_local_bytes"));
        }

        return new ResctrlInfo
        {
            CacheControl = cacheControl,
            CodeDataPrioritization = cdp,
            CbmMask = cacheControl ? mount.ReadText(Path.Combine(l3Dir, "cbm_mask")).Trim() : null,
            MinCbmBits = cacheControl ? ReadInt(mount, Path.Combine(l3Dir, "min_cbm_bits")) : null,
            ShareableBits = cacheControl && mount.Files.FileExists(Path.Combine(l3Dir, "shareable_bits")) ? mount.ReadText(Path.Combine(l3Dir, "shareable_bits")).Trim() : null,
            L3Closids = cacheControl ? ReadInt(mount, Path.Combine(l3Dir, "num_closids")) : null,
            MemoryBandwidthControl = mbControl,
            BandwidthGranularity = mbControl ? ReadInt(mount, Path.Combine(mbDir, "bandwidth_gran")) : null,
            MinBandwidth = mbControl ? ReadInt(mount, Path.Combine(mbDir, "min_bandwidth")) : null,
            DelayLinear = mbControl && mount.Files.FileExists(Path.Combine(mbDir, "delay_linear")) ? ReadInt(mount, Path.Combine(mbDir, "delay_linear")) != 0 : null,
            MbClosids = mbControl ? ReadInt(mount, Path.Combine(mbDir, "num_closids")) : null,
            MemoryBandwidthUnit = !mbControl ? MemoryBandwidthUnit.Percent
                : HasMbpsOption(mount, mountsFile) ? MemoryBandwidthUnit.MegabytesPerSecond
                : IsAmd(mount, cpuinfoFile) ? MemoryBandwidthUnit.EighthGigabytesPerSecond
                : MemoryBandwidthUnit.Percent,
            CacheMonitoring = cmt,
            MemoryBandwidthMonitoring = mbm,
            LocalMemoryBandwidthMonitoring = mbmLocal,
            MonitoringFeatures = features,
            NumRmids = rmids,
            L3Domains = l3Line is null ? [] : DomainIds(l3Line),
            MbDomains = mbLine is null ? [] : DomainIds(mbLine),
            MonitoringDomains = monDomains,
        };
    }

    /// <summary>The domain ids of a schemata line "L3:0=fffff;1=fffff".</summary>
    public static IReadOnlyList<int> DomainIds(string line)
    {
        var colon = line.IndexOf(':');
        var ids = new List<int>();
        foreach (var part in line[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && int.TryParse(part.AsSpan(0, eq).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
        }
        return ids;
    }

    private static int ReadInt(ResctrlMount mount, string path)
    {
        var text = mount.ReadText(path).Trim();
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ResctrlException("parse", path, ResctrlErrno.Einval, $"expected an integer, got '{text}'");
    }

    /// <summary>The resctrl line of /proc/mounts for this root (or the only one) carries mba_MBps.</summary>
    private static bool HasMbpsOption(ResctrlMount mount, string? mountsFile)
    {
        if (mountsFile is null || mount.TryReadText(mountsFile) is not { } mounts) return false;
        string? options = null;
        foreach (var line in mounts.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4 || fields[2] != "resctrl") continue;
            if (fields[1] == mount.Root) return HasOption(fields[3]);
            options ??= fields[3];
        }
        return options is not null && HasOption(options);

        static bool HasOption(string options) => options.Split(',').Contains("mba_MBps");
    }

    private static bool IsAmd(ResctrlMount mount, string? cpuinfoFile)
    {
        if (cpuinfoFile is null || mount.TryReadText(cpuinfoFile) is not { } cpuinfo) return false;
        foreach (var line in cpuinfo.Split('\n'))
            if (line.StartsWith("vendor_id", StringComparison.Ordinal)) return line.Contains("AuthenticAMD", StringComparison.Ordinal) || line.Contains("HygonGenuine", StringComparison.Ordinal);
        return false;
    }
}
