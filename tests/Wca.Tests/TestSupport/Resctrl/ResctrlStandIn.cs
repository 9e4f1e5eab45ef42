using System.Globalization;
using System.Text;
using Wca.Kernel.Resctrl;

namespace Wca.Tests.TestSupport.Resctrl;

/// <summary>
/// A resctrl filesystem played in a temp folder: the kernel's layout for the configured machine (by default 2
/// sockets: root schemata <c>L3:0=fffff;1=fffff</c> / <c>MB:0=100;1=100</c>, two mon_L3_XX domains) as plain files,
/// and, behind <see cref="IResctrlFileSystem"/>, a driver doing what the kernel does on each operation. Every rule
/// cites the section of Documentation/filesystems/resctrl.rst (x86) it comes from. Pids written to tasks files must
/// be live processes (ESRCH otherwise), so real processes' pids can be mirrored in; tasks files on disk always show
/// the current membership, so a reader without the driver sees the same.
/// </summary>
public sealed class ResctrlStandIn : IResctrlFileSystem, IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly object _gate = new();
    // pid → (control group directory, monitoring group directory or null): a task is in exactly one control group
    // and at most one of its monitoring groups ("Resource alloc and monitor groups", "tasks").
    private readonly Dictionary<int, (string Control, string? Monitor)> _membership = [];
    private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);
    private readonly List<string> _writeLog = [];

    public ResctrlStandIn(ResctrlStandInOptions? options = null)
    {
        Options = options ?? new ResctrlStandInOptions();
        Root = Path.Combine(_dir.Path, "resctrl");
        MountsFile = Path.Combine(_dir.Path, "mounts");
        CpuinfoFile = Path.Combine(_dir.Path, "cpuinfo");
        Build();
    }

    public ResctrlStandInOptions Options { get; }

    /// <summary>The mount point (HostPaths.ResctrlRoot).</summary>
    public string Root { get; }

    /// <summary>A /proc/mounts with the resctrl line (mba_MBps when asked for).</summary>
    public string MountsFile { get; }

    /// <summary>A /proc/cpuinfo with the vendor_id.</summary>
    public string CpuinfoFile { get; }

    /// <summary>The layer under test, going through this driver.</summary>
    internal ResctrlMount Mount => new(Root, this);

    /// <summary>Decides whether a pid is a live task (ESRCH otherwise); default: /proc/&lt;pid&gt; exists.</summary>
    public Func<int, bool> PidExists { get; set; } = static pid => Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Added to every mbm_total_bytes on each read of it (traffic between reads).</summary>
    public long MbmTotalStepPerRead { get; set; }

    /// <summary>Added to every mbm_local_bytes on each read of it.</summary>
    public long MbmLocalStepPerRead { get; set; }

    /// <summary>Every successful and refused write through the driver, in order ("path\tbytes").</summary>
    public IReadOnlyList<string> WriteLog { get { lock (_gate) return [.. _writeLog]; } }

    /// <summary>How many writes went to <paramref name="path"/> (accepted or refused).</summary>
    public int WritesTo(string path) { lock (_gate) return _writes.GetValueOrDefault(path); }

    /// <summary>All writes to files named <c>tasks</c>.</summary>
    public int TaskWrites { get { lock (_gate) return _writes.Where(w => w.Key.EndsWith("/tasks", StringComparison.Ordinal)).Sum(w => w.Value); } }

    /// <summary>mkdir calls the driver refused (ENOSPC and others).</summary>
    public int MkdirsRefused { get; private set; }

    public string LastCommandStatus => File.ReadAllText(Path.Combine(Root, "info", "last_cmd_status")).Trim();

    /// <summary>The number of the root's mon_data domain (mon_L3_00 ...).</summary>
    public static string Domain(int id) => "mon_L3_" + id.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Sets one counter file of a group ("Unavailable" allowed): <paramref name="group"/> is its directory.</summary>
    public void SetCounter(string group, int domain, string counter, string value)
    {
        lock (_gate) File.WriteAllText(Path.Combine(group, "mon_data", Domain(domain), counter), value + "\n");
    }

    /// <summary>The pids in a group's tasks file (its directory).</summary>
    public IReadOnlyList<int> TasksOf(string group) =>
        File.ReadAllLines(Path.Combine(group, "tasks")).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Makes a group directly (as another tool, or a crashed earlier agent, would have): no driver rules but the layout.</summary>
    public string CreateForeignGroup(string controlGroup, string? monitoringGroup = null)
    {
        var control = controlGroup.Length == 0 ? Root : Path.Combine(Root, controlGroup);
        if (!Directory.Exists(control)) MakeDirectory(control);
        if (monitoringGroup is null) return control;
        var monitor = Path.Combine(control, "mon_groups", monitoringGroup);
        MakeDirectory(monitor);
        return monitor;
    }

    // ---- IResctrlFileSystem ------------------------------------------------------------------------------------

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public int Read(string path, Span<byte> buffer)
    {
        lock (_gate)
        {
            if (!File.Exists(path)) return Directory.Exists(path) ? -21 /* EISDIR */ : -ResctrlErrno.Enoent;
            var name = Path.GetFileName(path);
            // "Monitoring": the MBM counters count bytes since the RMID was allocated; here they advance per read.
            if (name == "mbm_total_bytes" && MbmTotalStepPerRead != 0) Advance(path, MbmTotalStepPerRead);
            if (name == "mbm_local_bytes" && MbmLocalStepPerRead != 0) Advance(path, MbmLocalStepPerRead);
            var bytes = File.ReadAllBytes(path);
            var n = Math.Min(bytes.Length, buffer.Length);
            bytes.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
    }

    public int Write(string path, ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        lock (_gate)
        {
            _writes[path] = _writes.GetValueOrDefault(path) + 1;
            _writeLog.Add(path + "\t" + text);
            if (!File.Exists(path)) return -ResctrlErrno.Enoent;
            var dir = Path.GetDirectoryName(path)!;
            // "Info directory": last_cmd_status is reset by every command (mkdir, or a write to a control file).
            SetStatus("ok");
            return Path.GetFileName(path) switch
            {
                "tasks" => WriteTask(dir, text),
                "schemata" => IsControlGroup(dir) ? WriteSchemata(dir, text) : -ResctrlErrno.Einval,
                _ => -ResctrlErrno.Eacces, // the other files of the layout are read-only here
            };
        }
    }

    public int MakeDirectory(string path)
    {
        lock (_gate)
        {
            path = path.TrimEnd('/');
            if (Directory.Exists(path) || File.Exists(path)) return -ResctrlErrno.Eexist;
            var parent = Path.GetDirectoryName(path)!;
            SetStatus("ok");
            // "Resource alloc and monitor groups": CTRL_MON groups are directories of the root, MON groups are
            // directories of a CTRL_MON group's mon_groups; nothing else can be made (EPERM).
            if (parent == Root)
            {
                if (!Options.CacheControl && !Options.MemoryBandwidthControl) return -1;
                // "Resource allocation rules": each CTRL_MON group takes a CLOSID, the root one has CLOSID 0.
                if (ControlGroupCount() >= NumClosids)
                {
                    SetStatus("Out of CLOSIDs");
                    MkdirsRefused++;
                    return -ResctrlErrno.Enospc;
                }
                // "Resource monitoring rules": a CTRL_MON group also takes an RMID for its own monitoring.
                if (Options.Monitoring && RmidsInUse() >= Options.NumRmids)
                {
                    SetStatus("Out of RMIDs");
                    MkdirsRefused++;
                    return -ResctrlErrno.Enospc;
                }
                PopulateControlGroup(path);
                return 0;
            }
            if (Path.GetFileName(parent) == "mon_groups" && IsControlGroup(Path.GetDirectoryName(parent)!))
            {
                if (RmidsInUse() >= Options.NumRmids)
                {
                    SetStatus("Out of RMIDs");
                    MkdirsRefused++;
                    return -ResctrlErrno.Enospc;
                }
                PopulateMonitoringGroup(path);
                return 0;
            }
            return Directory.Exists(parent) ? -1 /* EPERM */ : -ResctrlErrno.Enoent;
        }
    }

    public int RemoveDirectory(string path)
    {
        lock (_gate)
        {
            path = path.TrimEnd('/');
            if (!Directory.Exists(path)) return -ResctrlErrno.Enoent;
            if (path == Root) return -ResctrlErrno.Ebusy;
            var parent = Path.GetDirectoryName(path)!;
            if (parent == Root && IsControlGroup(path))
            {
                // "Resource alloc and monitor groups": removing a CTRL_MON group moves its tasks to the parent
                // (the root) and removes every MON group below it.
                foreach (var pid in _membership.Where(m => m.Value.Control == path).Select(m => m.Key).ToArray())
                    _membership[pid] = (Root, null);
                Directory.Delete(path, recursive: true);
                RewriteTasks(Root);
                return 0;
            }
            if (Path.GetFileName(parent) == "mon_groups" && IsControlGroup(Path.GetDirectoryName(parent)!))
            {
                // A MON group's tasks stay in its CTRL_MON group.
                var control = Path.GetDirectoryName(parent)!;
                foreach (var pid in _membership.Where(m => m.Value.Monitor == path).Select(m => m.Key).ToArray())
                    _membership[pid] = (control, null);
                Directory.Delete(path, recursive: true);
                RewriteTasks(control);
                return 0;
            }
            return -1; // EPERM: info, mon_data, mon_groups are not groups
        }
    }

    public string[]? ListDirectories(string path)
    {
        lock (_gate)
            return Directory.Exists(path) ? Directory.GetDirectories(path).Select(d => Path.GetFileName(d)).ToArray() : null;
    }

    // ---- The kernel's rules ------------------------------------------------------------------------------------

    private int WriteTask(string group, string text)
    {
        // "tasks": one task id per write (the kernel also takes comma-separated ids; the agent never sends them).
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return -ResctrlErrno.Einval;
        if (!PidExists(pid))
        {
            SetStatus($"No task {pid}");
            return -ResctrlErrno.Esrch;
        }
        var isControl = IsControlGroup(group);
        _membership.TryGetValue(pid, out var was);
        if (was.Control is null) was = (Root, null);
        if (isControl)
        {
            // "If the group is a CTRL_MON group the task is removed from whichever previous CTRL_MON group owned
            // the task and also from any MON group that owned the task."
            _membership[pid] = (group, null);
        }
        else
        {
            // "If the group is a MON group, then the task must already belong to the CTRL_MON parent of this group.
            // The task is removed from any previous MON group."
            var control = Path.GetDirectoryName(Path.GetDirectoryName(group)!)!;
            if (was.Control != control)
            {
                SetStatus("Can't move task to different control group");
                return -ResctrlErrno.Einval;
            }
            _membership[pid] = (control, group);
        }
        RewriteTasks(was.Control);
        if (was.Monitor is not null) RewriteTasks(was.Monitor);
        RewriteTasks(_membership[pid].Control);
        if (_membership[pid].Monitor is { } monitor) RewriteTasks(monitor);
        return 0;
    }

    private int WriteSchemata(string group, string text)
    {
        // "Schemata files - general concepts": one or more lines "<resource>:<id0>=<value0>;<id1>=<value1>;...";
        // domains left out keep their value. The whole write is refused on the first bad line.
        var current = ReadSchemataFile(group);
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            var resource = colon < 0 ? line : line[..colon].Trim();
            if (colon < 0 || !current.ContainsKey(resource))
            {
                SetStatus($"Unknown or unsupported resource name '{resource}'");
                return -ResctrlErrno.Einval;
            }
            var staged = new Dictionary<int, long>();
            foreach (var part in line[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq < 0 || !int.TryParse(part[..eq].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    SetStatus("Missing '=' or non-numeric domain");
                    return -ResctrlErrno.Einval;
                }
                // An id that is no domain of the resource: the kernel refuses without a message of its own
                // (parse_line returns -EINVAL after its domain loop), so last_cmd_status stays "ok".
                if (!current[resource].ContainsKey(id)) return -ResctrlErrno.Einval;
                if (staged.ContainsKey(id))
                {
                    SetStatus($"Duplicate domain {id}");
                    return -ResctrlErrno.Einval;
                }
                var value = part[(eq + 1)..].Trim();
                var error = resource == "MB" ? ValidateBandwidth(value, out var parsed) : ValidateMask(value, out parsed);
                if (error is not null)
                {
                    SetStatus(error);
                    return -ResctrlErrno.Einval;
                }
                staged[id] = parsed;
            }
            foreach (var (id, value) in staged) current[resource][id] = value;
        }
        WriteSchemataFile(group, current);
        return 0;
    }

    /// <summary>"Cache Bit Masks (CBM)": hex, within cbm_mask, contiguous ones (Intel), at least min_cbm_bits set.</summary>
    private string? ValidateMask(string text, out long mask)
    {
        if (!long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mask))
            return $"Non-hex character in the mask {text}";
        var full = long.Parse(Options.CbmMask, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if ((Options.MinCbmBits > 0 && mask == 0) || mask > full) return "Mask out of range";
        if (mask == 0) return null;
        var first = System.Numerics.BitOperations.TrailingZeroCount(mask);
        var shifted = mask >> first;
        if ((shifted & (shifted + 1)) != 0) return $"The mask {mask:x} has non-consecutive 1-bits";
        if (System.Numerics.BitOperations.PopCount((ulong)mask) < Options.MinCbmBits) return $"Need at least {Options.MinCbmBits} bits in the mask";
        return null;
    }

    /// <summary>
    /// "Memory bandwidth Allocation (default mode)": a decimal percentage in [min_bandwidth, 100], rounded up to
    /// bandwidth_gran (the kernel rounds, it does not refuse); with mba_MBps any MiB/s value.
    /// </summary>
    private string? ValidateBandwidth(string text, out long value)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return $"Non-decimal digit in MB value {text}";
        if (Options.MbaMbps) return null;
        if (value < Options.MinBandwidth || value > 100) return $"MB value {value} out of range [{Options.MinBandwidth},100]";
        var gran = Options.BandwidthGranularity;
        value = (value + gran - 1) / gran * gran;
        return null;
    }

    private Dictionary<string, SortedDictionary<int, long>> ReadSchemataFile(string group)
    {
        var result = new Dictionary<string, SortedDictionary<int, long>>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(Path.Combine(group, "schemata")))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var resource = line[..colon].Trim();
            var domains = new SortedDictionary<int, long>();
            foreach (var part in line[(colon + 1)..].Split(';'))
            {
                var eq = part.IndexOf('=');
                var id = int.Parse(part[..eq], CultureInfo.InvariantCulture);
                var value = part[(eq + 1)..].Trim();
                domains[id] = resource == "MB" ? long.Parse(value, CultureInfo.InvariantCulture) : long.Parse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            result[resource] = domains;
        }
        return result;
    }

    /// <summary>The kernel's print format: L3 masks zero-padded to the mask's hex width, MB values right-aligned in 3 columns.</summary>
    private void WriteSchemataFile(string group, Dictionary<string, SortedDictionary<int, long>> schemata)
    {
        var width = Options.CbmMask.Length;
        var text = new StringBuilder();
        foreach (var resource in new[] { "L3", "MB" })
        {
            if (!schemata.TryGetValue(resource, out var domains)) continue;
            text.Append(resource).Append(':');
            text.AppendJoin(';', domains.Select(d => resource == "MB"
                ? d.Key.ToString(CultureInfo.InvariantCulture) + "=" + d.Value.ToString(CultureInfo.InvariantCulture).PadLeft(3)
                : d.Key.ToString(CultureInfo.InvariantCulture) + "=" + d.Value.ToString("x", CultureInfo.InvariantCulture).PadLeft(width, '0')));
            text.Append('\n');
        }
        File.WriteAllText(Path.Combine(group, "schemata"), text.ToString());
    }

    private void Advance(string path, long step)
    {
        var text = File.ReadAllText(path).Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            File.WriteAllText(path, (value + step).ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private void RewriteTasks(string group)
    {
        if (!Directory.Exists(group)) return;
        var isControl = IsControlGroup(group);
        // A CTRL_MON group's tasks lists every task in it, its MON groups' included; a MON group's only its own.
        var pids = _membership.Where(m => isControl ? m.Value.Control == group : m.Value.Monitor == group).Select(m => m.Key).Order();
        File.WriteAllText(Path.Combine(group, "tasks"), string.Concat(pids.Select(p => p.ToString(CultureInfo.InvariantCulture) + "\n")));
    }

    private bool IsControlGroup(string dir) => dir == Root || (Path.GetDirectoryName(dir) == Root && File.Exists(Path.Combine(dir, "tasks")));

    private int NumClosids => Math.Min(Options.CacheControl ? Options.L3Closids : int.MaxValue, Options.MemoryBandwidthControl ? Options.MbClosids : int.MaxValue);

    private int ControlGroupCount() => 1 + Directory.GetDirectories(Root).Count(d => IsControlGroup(d));

    private int RmidsInUse()
    {
        var groups = Directory.GetDirectories(Root).Where(d => IsControlGroup(d)).Append(Root).ToArray();
        return groups.Length + groups.Sum(g => Directory.Exists(Path.Combine(g, "mon_groups")) ? Directory.GetDirectories(Path.Combine(g, "mon_groups")).Length : 0);
    }

    private void SetStatus(string status) => File.WriteAllText(Path.Combine(Root, "info", "last_cmd_status"), status + "\n");

    // ---- Layout ------------------------------------------------------------------------------------------------

    private void Build()
    {
        var o = Options;
        Directory.CreateDirectory(Root);
        var info = Path.Combine(Root, "info");
        Write(info, "last_cmd_status", "ok");
        if (o.CacheControl)
        {
            var l3 = Path.Combine(info, "L3");
            Write(l3, "cbm_mask", o.CbmMask);
            Write(l3, "min_cbm_bits", o.MinCbmBits.ToString(CultureInfo.InvariantCulture));
            Write(l3, "num_closids", o.L3Closids.ToString(CultureInfo.InvariantCulture));
            Write(l3, "shareable_bits", o.ShareableBits);
            Write(l3, "bit_usage", string.Join(";", Enumerable.Range(0, o.Sockets).Select(s => $"{s}=" + new string('X', o.CbmMask.Length * 4))));
        }
        if (o.MemoryBandwidthControl)
        {
            var mb = Path.Combine(info, "MB");
            Write(mb, "bandwidth_gran", o.BandwidthGranularity.ToString(CultureInfo.InvariantCulture));
            Write(mb, "delay_linear", "1");
            Write(mb, "min_bandwidth", o.MinBandwidth.ToString(CultureInfo.InvariantCulture));
            Write(mb, "num_closids", o.MbClosids.ToString(CultureInfo.InvariantCulture));
            Write(mb, "thread_throttle_mode", "max");
        }
        if (o.Monitoring)
        {
            var mon = Path.Combine(info, "L3_MON");
            Write(mon, "max_threshold_occupancy", "1441792");
            Write(mon, "mon_features", string.Join("\n", o.MonitoringFeatures));
            Write(mon, "num_rmids", o.NumRmids.ToString(CultureInfo.InvariantCulture));
        }
        PopulateGroupFiles(Root, control: true);
        File.WriteAllText(MountsFile, $"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\nresctrl {Root} resctrl rw,relatime{(o.MbaMbps ? ",mba_MBps" : "")} 0 0\n");
        File.WriteAllText(CpuinfoFile, $"processor\t: 0\nvendor_id\t: {o.CpuVendor}\ncpu family\t: 6\nmodel\t\t: 85\n");
    }

    private void PopulateControlGroup(string path) => PopulateGroupFiles(path, control: true);

    private void PopulateMonitoringGroup(string path) => PopulateGroupFiles(path, control: false);

    /// <summary>"Resource alloc and monitor groups": the files every group has, plus schemata/mode/size and mon_groups for CTRL_MON groups.</summary>
    private void PopulateGroupFiles(string path, bool control)
    {
        var o = Options;
        Directory.CreateDirectory(path);
        Write(path, "tasks", "");
        Write(path, "cpus", path == Root ? "f" : "0");
        Write(path, "cpus_list", path == Root ? "0-3" : "");
        if (control)
        {
            Write(path, "mode", "shareable");
            Write(path, "size", "");
            // A new CTRL_MON group starts with every bit of the mask and the full bandwidth, as the root.
            var lines = new StringBuilder();
            if (o.CacheControl) lines.Append("L3:").AppendJoin(';', Enumerable.Range(0, o.Sockets).Select(s => $"{s}={o.CbmMask}")).Append('\n');
            if (o.MemoryBandwidthControl) lines.Append("MB:").AppendJoin(';', Enumerable.Range(0, o.Sockets).Select(s => $"{s}=" + (o.MbaMbps ? uint.MaxValue.ToString(CultureInfo.InvariantCulture) : "100"))).Append('\n');
            File.WriteAllText(Path.Combine(path, "schemata"), lines.ToString());
            if (o.Monitoring) Directory.CreateDirectory(Path.Combine(path, "mon_groups"));
        }
        if (!o.Monitoring) return;
        for (var s = 0; s < o.Sockets; s++)
        {
            var domain = Path.Combine(path, "mon_data", Domain(s));
            // "Monitoring": a new RMID's counters start from zero.
            foreach (var feature in o.MonitoringFeatures) Write(domain, feature, "0");
        }
    }

    private static void Write(string dir, string name, string content)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), content.Length == 0 ? "" : content + "\n");
    }

    public void Dispose() => _dir.Dispose();
}
