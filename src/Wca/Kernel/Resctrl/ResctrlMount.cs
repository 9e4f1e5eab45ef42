using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Wca.Kernel.Resctrl;

/// <summary>
/// The resctrl filesystem mounted at <see cref="Root"/> (resctrl.rst, "Resource alloc and monitor groups"): the root
/// control group is the root directory (name ""), other control groups (CLOSIDs) are its directories, and each
/// control group has mon_groups/ holding monitoring groups (RMIDs). Every operation goes through
/// <see cref="Files"/>, so that a test's stand-in can play the kernel. Refusals throw <see cref="ResctrlException"/>
/// with the errno and, for commands, info/last_cmd_status; the expected answers (ESRCH for a pid that exited,
/// EEXIST on mkdir, ENOENT on rmdir) are return values.
/// </summary>
internal sealed class ResctrlMount
{
    // Entries of the root that are not control groups even when they look like one.
    private static readonly string[] NotGroups = ["info", "mon_data", "mon_groups"];

    [ThreadStatic] private static byte[]? t_buffer;

    public ResctrlMount(string root, IResctrlFileSystem? files = null)
    {
        Root = root.Length > 1 ? root.TrimEnd('/') : root;
        Files = files ?? ResctrlFileSystem.Instance;
    }

    public string Root { get; }

    public IResctrlFileSystem Files { get; }

    /// <summary>Whether resctrl is mounted here: the root tasks file can be read (the original's probe).</summary>
    public bool IsMounted => Files.Read(Path.Combine(Root, "tasks"), Buffer(64)) >= 0;

    /// <summary>The directory of a control group ("" = the root group).</summary>
    public string ControlGroupPath(string controlGroup) => controlGroup.Length == 0 ? Root : Path.Combine(Root, controlGroup);

    /// <summary>The directory of a monitoring group of a control group.</summary>
    public string MonitoringGroupPath(string controlGroup, string monitoringGroup) =>
        Path.Combine(ControlGroupPath(controlGroup), "mon_groups", monitoringGroup);

    /// <summary>The non-root control groups: directories of the root with a tasks file.</summary>
    public IReadOnlyList<string> ControlGroups()
    {
        var names = Files.ListDirectories(Root) ?? [];
        var groups = new List<string>(names.Length);
        foreach (var name in names)
            if (Array.IndexOf(NotGroups, name) < 0 && Files.FileExists(Path.Combine(Root, name, "tasks"))) groups.Add(name);
        groups.Sort(StringComparer.Ordinal);
        return groups;
    }

    /// <summary>The monitoring groups of a control group (empty when it has no mon_groups, e.g. without monitoring).</summary>
    public IReadOnlyList<string> MonitoringGroups(string controlGroup)
    {
        var names = Files.ListDirectories(Path.Combine(ControlGroupPath(controlGroup), "mon_groups")) ?? [];
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>Creates a control group: true when made, false when it existed. ENOSPC (no CLOSID left) and other refusals throw.</summary>
    public bool CreateControlGroup(string name) => MakeGroup(ControlGroupPath(CheckName(name)));

    /// <summary>Creates a monitoring group in a control group: true when made, false when it existed. ENOSPC (no RMID left) throws.</summary>
    public bool CreateMonitoringGroup(string controlGroup, string name) => MakeGroup(MonitoringGroupPath(controlGroup, CheckName(name)));

    /// <summary>Removes a control group (the kernel moves its tasks to the root and drops its monitoring groups): false when it was not there.</summary>
    public bool RemoveControlGroup(string name) => RemoveGroup(ControlGroupPath(CheckName(name)));

    /// <summary>Removes a monitoring group (its tasks stay in the control group): false when it was not there.</summary>
    public bool RemoveMonitoringGroup(string controlGroup, string name) => RemoveGroup(MonitoringGroupPath(controlGroup, CheckName(name)));

    /// <summary>
    /// Writes one pid to a group's tasks file (one write per pid, as the kernel takes them): true when moved, false
    /// when the pid no longer exists (ESRCH: it exited between listing and writing). Other refusals throw (ENOENT:
    /// the group vanished; EINVAL: for a monitoring group, the pid is not in its control group).
    /// </summary>
    public bool AddTask(string groupDirectory, int pid)
    {
        var tasks = Path.Combine(groupDirectory, "tasks");
        Span<byte> text = stackalloc byte[12];
        Utf8Formatter.TryFormat(pid, text, out var length);
        var result = Files.Write(tasks, text[..length]);
        if (result >= 0) return true;
        if (-result == ResctrlErrno.Esrch) return false;
        throw Refused("write", tasks, -result);
    }

    /// <summary>The pids (thread ids) listed in a group's tasks file; throws when the group is gone.</summary>
    public List<int> ReadTasks(string groupDirectory)
    {
        var tasks = new List<int>();
        ReadTasks(groupDirectory, tasks);
        return tasks;
    }

    /// <summary>Fills <paramref name="into"/> (cleared first) with the pids of a group's tasks file; throws when the group is gone.</summary>
    public void ReadTasks(string groupDirectory, List<int> into)
    {
        into.Clear();
        var text = ReadBytes(Path.Combine(groupDirectory, "tasks"));
        while (KernelText.NextLine(ref text, out var line))
            if (KernelText.TryParseLong(line.Trim(" \t"u8), out var pid)) into.Add((int)pid);
    }

    /// <summary>The schemata of a control group, one resource per line, as the kernel prints it.</summary>
    public string ReadSchemata(string controlGroup) => ReadText(Path.Combine(ControlGroupPath(controlGroup), "schemata"));

    /// <summary>Writes one schemata line ("L3:0=ff;1=ff"); a refusal throws with the kernel's info/last_cmd_status.</summary>
    public void WriteSchemata(string controlGroup, string line)
    {
        var path = Path.Combine(ControlGroupPath(controlGroup), "schemata");
        var result = Files.Write(path, Encoding.ASCII.GetBytes(line.EndsWith('\n') ? line : line + "\n"));
        if (result < 0) throw Refused("write", path, -result);
    }

    /// <summary>info/last_cmd_status trimmed ("ok" after a success); null when it cannot be read.</summary>
    public string? LastCommandStatus() => TryReadText(Path.Combine(Root, "info", "last_cmd_status"))?.Trim();

    /// <summary>The paths of a group's counters, for <see cref="ReadCounters"/> every iteration.</summary>
    public MonitoringGroupFiles CounterFiles(string groupDirectory, ResctrlInfo info) =>
        new(groupDirectory, info.MonitoringDomains, info.CacheMonitoring, info.MemoryBandwidthMonitoring, info.LocalMemoryBandwidthMonitoring);

    /// <summary>
    /// A group's counters summed over its domains. Returns false with <paramref name="errno"/> when a counter file
    /// cannot be read (ENOENT: the group was removed, e.g. with its control group).
    /// </summary>
    public bool ReadCounters(MonitoringGroupFiles files, out MonitoringCounters counters, out int errno)
    {
        counters = default;
        errno = 0;
        if (!Sum(files.LlcOccupancy, out var llc, ref errno) || !Sum(files.MbmTotal, out var total, ref errno) || !Sum(files.MbmLocal, out var local, ref errno))
            return false;
        counters = new MonitoringCounters(llc, total, local);
        return true;
    }

    private bool Sum(string[]? paths, out long? sum, ref int errno)
    {
        sum = null;
        if (paths is null) return true;
        long total = 0;
        var available = true;
        var buffer = Buffer(64);
        foreach (var path in paths)
        {
            var n = Files.Read(path, buffer);
            if (n < 0)
            {
                errno = -n;
                return false;
            }
            var text = ((ReadOnlySpan<byte>)buffer[..n]).Trim(" \t\n"u8);
            if (KernelText.TryParseLong(text, out var value)) total += value;
            else available = false; // "Unavailable", "Unassigned", "Error": no value this time, not a failure
        }
        if (available) sum = total;
        return true;
    }

    /// <summary>The whole text of a file; throws <see cref="ResctrlException"/> when it cannot be read.</summary>
    public string ReadText(string path) => Encoding.UTF8.GetString(ReadBytes(path));

    /// <summary>The whole text of a file, or null when it cannot be read.</summary>
    public string? TryReadText(string path) => TryReadBytes(path, out var text, out _) ? Encoding.UTF8.GetString(text) : null;

    private ReadOnlySpan<byte> ReadBytes(string path) =>
        TryReadBytes(path, out var text, out var errno) ? text : throw new ResctrlException("read", path, errno);

    private bool TryReadBytes(string path, out ReadOnlySpan<byte> text, out int errno)
    {
        var buffer = Buffer(4096);
        while (true)
        {
            var n = Files.Read(path, buffer);
            if (n < 0)
            {
                text = default;
                errno = -n;
                return false;
            }
            if (n < buffer.Length)
            {
                text = buffer.AsSpan(0, n);
                errno = 0;
                return true;
            }
            buffer = t_buffer = new byte[buffer.Length * 2];
        }
    }

    private bool MakeGroup(string path)
    {
        var result = Files.MakeDirectory(path);
        if (result == 0) return true;
        if (-result == ResctrlErrno.Eexist) return false;
        throw Refused("mkdir", path, -result);
    }

    private bool RemoveGroup(string path)
    {
        var result = Files.RemoveDirectory(path);
        if (result == 0) return true;
        if (-result == ResctrlErrno.Enoent) return false;
        throw Refused("rmdir", path, -result);
    }

    private ResctrlException Refused(string operation, string path, int errno)
    {
        var status = LastCommandStatus();
        return new ResctrlException(operation, path, errno, status is null or "ok" ? null : status);
    }

    private static string CheckName(string name) =>
        name.Length == 0 || name.Contains('/') || name is "." or ".." || Array.IndexOf(NotGroups, name) >= 0
            ? throw new ArgumentException($"'{name}' is not a resctrl group name", nameof(name))
            : name;

    private static byte[] Buffer(int minimum)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < minimum) t_buffer = buffer = new byte[Math.Max(minimum, 4096)];
        return buffer;
    }
}
