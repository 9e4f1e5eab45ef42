using System.Globalization;
using System.Text;
using Wca.Api;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Actuation;

/// <summary>
/// The allocations of one task on its cgroups. cpu_quota: the pod (or the task's own) cgroup gets the limit and a
/// pod's containers are set unlimited, so only the pod-level limit applies (as the original); cpu_shares: the pod
/// cgroup only; cpusets and cpuset.memory_migrate: the pod cgroup and every container cgroup in the cpuset hierarchy
/// (the processes live in the containers); migrate_pages: every process of the task and its containers. Files read
/// every iteration are kept open and re-read at offset 0 (no open per read); writes open, write once, close, and are
/// read back.
/// </summary>
internal sealed partial class CgroupTaskActuator : ITaskActuator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly ActuationContext _context;
    private readonly Dictionary<string, KernelFile> _files = new(StringComparer.Ordinal);
    // What this actuator last wrote (or found already in place) per file, as the kernel printed it: a different value
    // read later was changed behind the agent's back (drift).
    private readonly Dictionary<string, string> _applied = new(StringComparer.Ordinal);
    // Clamp warnings already logged, by type and requested value: an allocator asking the same every iteration warns once.
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private int? _migratedTo;
    // ReadCurrent runs for every task every iteration: its files are resolved once per cgroup path, numbers parsed from
    // the bytes, a cpuset list decoded only when its bytes change, and the last answer reused while nothing changed.
    private CurrentFiles? _current;
    private TaskAllocation? _lastCurrent;
    private bool _reopened; // a read had to open its file again (the cgroup was made anew)
    // The last requested cpuset_cpus and cpuset_mems, validated and formatted: an allocator repeating itself costs no parse.
    private readonly Dictionary<string, ParsedList> _parsedLists = new(StringComparer.Ordinal);
    private string? _listError;

    public CgroupTaskActuator(NodeTask task, ActuationContext context)
    {
        Task = task;
        _context = context;
    }

    public NodeTask Task { get; private set; }

    private IReadOnlyList<string> Containers => Task.SubcgroupPaths;

    public void Update(NodeTask fresh)
    {
        var moved = fresh.CgroupPath != Task.CgroupPath || !fresh.SubcgroupPaths.SequenceEqual(Task.SubcgroupPaths, StringComparer.Ordinal);
        Task = fresh;
        if (!moved) return;
        CloseFiles();
        _applied.Clear();
    }

    public TaskAllocation ReadCurrent(ICollection<AllocationFailure>? failures = null)
    {
        var files = _current ??= new CurrentFiles(_context, Task.CgroupPath);
        // No inotify event tells of a cgroup removed and made anew under the same path, but its old descriptors answer
        // ENODEV: the first file is read every iteration, and when it had to be opened again the others are read too.
        if (files.Probe is { } probe) probe.Fresh = false;
        _reopened = false;
        double? quota = null, shares = null;
        string? cpus = null, mems = null;
        bool? memoryMigrate = null;
        if (_context.Cpu is { } cpu)
        {
            if (cpu.IsV2)
            {
                var max = ReadCpuMax(files.Quota!, failures);
                if (_reopened) files.Invalidate();
                if (max is { } m) quota = CpuQuotaConversion.FromKernel(m.Quota, m.Period, _context.Topology.Cpus);
                if (ReadNumber(AllocationTypes.CpuShares, files.Shares!, failures) is { } weight)
                    shares = (double)CpuSharesConversion.WeightToShares(weight) / _context.Configuration.CpuSharesUnit;
            }
            else
            {
                var q = ReadNumber(AllocationTypes.CpuQuota, files.Quota!, failures);
                if (_reopened) files.Invalidate();
                if (q is { } qv && ReadNumber(AllocationTypes.CpuQuota, files.Period!, failures) is { } p)
                    quota = CpuQuotaConversion.FromKernel(qv, p, _context.Topology.Cpus);
                if (ReadNumber(AllocationTypes.CpuShares, files.Shares!, failures) is { } s)
                    shares = (double)s / _context.Configuration.CpuSharesUnit;
            }
        }
        if (_context.Cpuset is { } cpuset)
        {
            // A task without a cgroup in the cpuset hierarchy (a v1 cgroup made by hand) has no cpuset to report.
            cpus = ReadCpuset(cpuset, files.Cpus!, AllocationTypes.CpusetCpus, failures);
            if (_reopened) files.Invalidate();
            mems = ReadCpuset(cpuset, files.Mems!, AllocationTypes.CpusetMems, failures);
            if (cpus is not null || mems is not null)
                memoryMigrate = cpuset.IsV2 || ReadNumber(AllocationTypes.CpusetMemoryMigrate, files.MemoryMigrate!, failures) is 1;
        }
        if (_lastCurrent is { } last && last.CpuQuota == quota && last.CpuShares == shares && ReferenceEquals(last.CpusetCpus, cpus)
            && ReferenceEquals(last.CpusetMems, mems) && last.CpusetMemoryMigrate == memoryMigrate && last.MigratePages == _migratedTo)
            return last;
        return _lastCurrent = new TaskAllocation
        {
            CpuQuota = quota,
            CpuShares = shares,
            CpusetCpus = cpus,
            CpusetMems = mems,
            CpusetMemoryMigrate = memoryMigrate,
            MigratePages = _migratedTo,
        };
    }

    public AllocationOutcome Apply(TaskAllocation target, bool dryRun)
    {
        if (target.CpuQuota is null && target.CpuShares is null && target.CpusetCpus is null && target.CpusetMems is null
            && target.CpusetMemoryMigrate is null && target.MigratePages is null && target.Rdt is null)
            return AllocationOutcome.None;
        var sink = new ApplySink(dryRun);
        if (target.CpuQuota is { } quota) ApplyQuota(quota, sink);
        if (target.CpuShares is { } shares) ApplyShares(shares, sink);
        // memory_migrate before mems: the kernel moves the pages when mems changes only if it is already set.
        if (target.CpusetMemoryMigrate is { } migrate) ApplyMemoryMigrate(migrate, sink);
        if (target.CpusetCpus is { } cpus)
            ApplyCpuset(AllocationTypes.CpusetCpus, "cpuset.cpus", cpus, _context.Topology.OnlineCpus, "CPU", "online", sink);
        if (target.CpusetMems is { } mems)
            ApplyCpuset(AllocationTypes.CpusetMems, "cpuset.mems", mems, _context.Topology.NumaNodes, "NUMA node", "present", sink);
        if (target.MigratePages is { } node) ApplyMigratePages(node, sink);
        if (target.Rdt is not null)
            sink.Fail(new AllocationFailure(AllocationTypes.Rdt, "rdt is not a cgroup value: RDT is not enabled, so no resctrl actuator wraps this one"));
        return sink.Outcome();
    }

    private void ApplyQuota(double quota, ApplySink sink)
    {
        const string type = AllocationTypes.CpuQuota;
        if (_context.Cpu is not { } cpu)
        {
            sink.Fail(new AllocationFailure(type, "no cpu controller to write: neither a cgroup v1 cpu hierarchy nor cgroup2 with the cpu controller is mounted"));
            return;
        }
        if (!double.IsFinite(quota) || quota < 0)
        {
            sink.Fail(new AllocationFailure(type, $"{quota.ToString(Invariant)} is not a quota: expected a number from 0 to 1.0 (1.0 = the whole machine, no limit)"));
            return;
        }
        var period = _context.Configuration.CpuQuotaPeriod;
        var value = CpuQuotaConversion.ToKernel(quota, period, _context.Topology.Cpus, out var clamped, out var aboveWhole);
        if (aboveWhole && WarnOnce(type, quota)) Log.QuotaAboveWholeMachine(_context.Logger, Task.TaskId, quota);
        if (clamped && WarnOnce(type, quota)) Log.QuotaBelowMinimum(_context.Logger, Task.TaskId, quota, CpuQuotaConversion.MinimumQuota);
        // Containers lose their own limits first: cgroup v1 refuses a parent limit below a child's.
        foreach (var container in Containers) SetQuota(cpu, container, CpuQuotaConversion.Unlimited, period, sink);
        SetQuota(cpu, Task.CgroupPath, value, period, sink);
    }

    private void SetQuota(ControllerMount cpu, string cgroupPath, long quota, long period, ApplySink sink)
    {
        const string type = AllocationTypes.CpuQuota;
        var dir = cpu.CgroupDirectory(cgroupPath);
        if (cpu.IsV2)
        {
            var max = (quota < 0 ? "max" : quota.ToString(Invariant)) + " " + period.ToString(Invariant);
            Set(type, dir + "/cpu.max", max, SameCpuMax, sink);
            return;
        }
        // The period first, as the original: the quota is meant per this period.
        if (Set(type, dir + "/cpu.cfs_period_us", period.ToString(Invariant), SameNumber, sink))
            Set(type, dir + "/cpu.cfs_quota_us", quota.ToString(Invariant), SameNumber, sink);
    }

    private void ApplyShares(double shares, ApplySink sink)
    {
        const string type = AllocationTypes.CpuShares;
        if (_context.Cpu is not { } cpu)
        {
            sink.Fail(new AllocationFailure(type, "no cpu controller to write: neither a cgroup v1 cpu hierarchy nor cgroup2 with the cpu controller is mounted"));
            return;
        }
        if (!double.IsFinite(shares) || shares < 0)
        {
            sink.Fail(new AllocationFailure(type, $"{shares.ToString(Invariant)} is not a share: expected a number of 0 or more (1.0 = cpu_shares_unit shares)"));
            return;
        }
        var value = CpuSharesConversion.ToShares(shares, _context.Configuration.CpuSharesUnit, out var clamped);
        if (clamped && WarnOnce(type, shares)) Log.SharesClamped(_context.Logger, Task.TaskId, shares, value);
        var dir = cpu.CgroupDirectory(Task.CgroupPath);
        if (cpu.IsV2) Set(type, dir + "/cpu.weight", CpuSharesConversion.SharesToWeight(value).ToString(Invariant), SameNumber, sink);
        else Set(type, dir + "/cpu.shares", value.ToString(Invariant), SameNumber, sink);
    }

    private void ApplyMemoryMigrate(bool migrate, ApplySink sink)
    {
        const string type = AllocationTypes.CpusetMemoryMigrate;
        if (!TryCpusetDirectories(type, sink, out var cpuset, out var pod, out var containers)) return;
        if (cpuset.IsV2)
        {
            // cgroup2 has no cpuset.memory_migrate: it always moves the pages when cpuset.mems changes.
            if (!migrate)
                sink.Fail(new AllocationFailure(type, "cgroup v2 has no cpuset.memory_migrate: the kernel always moves a task's pages to its new nodes when cpuset.mems changes, so cpuset_memory_migrate: false cannot be honoured"));
            return;
        }
        var value = migrate ? "1" : "0";
        Set(type, pod + "/cpuset.memory_migrate", value, SameText, sink);
        foreach (var container in containers) Set(type, container + "/cpuset.memory_migrate", value, SameText, sink);
    }

    private void ApplyCpuset(string type, string file, string requested, IReadOnlySet<int> allowed, string what, string state, ApplySink sink)
    {
        if (!_parsedLists.TryGetValue(type, out var parsed) || parsed.Requested != requested)
        {
            if (ParseList(requested, allowed, what, state) is not { } valid)
            {
                sink.Fail(new AllocationFailure(type, _listError!));
                return;
            }
            _parsedLists[type] = parsed = valid;
        }
        if (!TryCpusetDirectories(type, sink, out _, out var pod, out var containers)) return;
        var podFile = pod + "/" + file;
        // cgroup v1 keeps a child's cpuset inside its parent's: narrowing writes the containers first, widening the pod first.
        if (containers.Length > 0 && Read(podFile, out _) is { } current
            && parsed.Ids.IsSubsetOf(KernelText.ParseCpuList(Encoding.ASCII.GetBytes(current))))
        {
            foreach (var container in containers) Set(type, container + "/" + file, parsed.Value, CpuList.SameSet, sink);
            Set(type, podFile, parsed.Value, CpuList.SameSet, sink);
            return;
        }
        if (!Set(type, podFile, parsed.Value, CpuList.SameSet, sink)) return;
        foreach (var container in containers) Set(type, container + "/" + file, parsed.Value, CpuList.SameSet, sink);
    }

    /// <summary>A valid requested list, or null with <see cref="_listError"/> saying why.</summary>
    private ParsedList? ParseList(string requested, IReadOnlySet<int> allowed, string what, string state)
    {
        var ids = CpuList.TryParse(requested);
        if (ids is null)
        {
            _listError = $"\"{requested}\" is not a list of {what}s: expected the kernel's list format, e.g. \"0-3,8\"";
            return null;
        }
        if (ids.Count == 0)
        {
            _listError = $"\"{requested}\" names no {what}: a cpuset needs at least one";
            return null;
        }
        var outside = ids.Where(id => !allowed.Contains(id)).ToArray();
        if (outside.Length > 0)
        {
            _listError = $"{what}{(outside.Length == 1 ? "" : "s")} {CpuList.Format(outside)} of \"{requested}\" {(outside.Length == 1 ? "is" : "are")} not {state} (the node has {CpuList.Format(allowed)})";
            return null;
        }
        return new ParsedList(requested, ids, CpuList.Format(ids));
    }

    private bool TryCpusetDirectories(string type, ApplySink sink, out ControllerMount cpuset, out string pod, out string[] containers)
    {
        containers = [];
        pod = "";
        if (_context.Cpuset is not { } mount)
        {
            cpuset = null!;
            sink.Fail(new AllocationFailure(type, "no cpuset controller to write: neither a cgroup v1 cpuset hierarchy nor cgroup2 with the cpuset controller is mounted"));
            return false;
        }
        cpuset = mount;
        pod = mount.CgroupDirectory(Task.CgroupPath);
        containers = Containers.Count == 0 ? [] : Containers.Select(mount.CgroupDirectory).Where(Directory.Exists).ToArray();
        return true;
    }

    private void ApplyMigratePages(int node, ApplySink sink)
    {
        const string type = AllocationTypes.MigratePages;
        var nodes = _context.Topology.NumaNodes;
        if (!nodes.Contains(node))
        {
            sink.Fail(new AllocationFailure(type, $"NUMA node {node} does not exist (the node has {CpuList.Format(nodes)})"));
            return;
        }
        if (_migratedTo == node) return;
        var swaps = SwapDevices.Active(_context.ProcRoot);
        if (swaps.Count > 0)
        {
            sink.Fail(new AllocationFailure(type,
                $"migrate_pages to NUMA node {node} is refused while swap is on ({string.Join(", ", swaps)} in {Path.Combine(_context.ProcRoot, "swaps")}): "
                + "pages pushed onto one node with swap on get swapped out instead of staying in memory (the original's rule); turn swap off (swapoff -a) to allow it"));
            return;
        }
        if (_context.TaskHierarchy is not { } hierarchy)
        {
            sink.Fail(new AllocationFailure(type, "no cgroup hierarchy lists the task's processes"));
            return;
        }
        var procsFiles = (Containers.Count > 0 ? Containers.Prepend(Task.CgroupPath) : [Task.CgroupPath])
            .Select(path => CgroupLayout.Join(hierarchy, path) + "/cgroup.procs").ToArray();
        var change = new AllocationChange(type, _migratedTo?.ToString(Invariant), node.ToString(Invariant), procsFiles[0], false);
        if (sink.DryRun)
        {
            sink.Change(change);
            return;
        }
        var from = nodes.Where(n => n != node).ToArray();
        long notMoved = 0;
        foreach (var procs in procsFiles)
        {
            var pids = CgroupMembers.Read(procs, out var error);
            if (pids is null)
            {
                if (error is not null) sink.Fail(new AllocationFailure(type, $"cannot list the task's processes: {error}", procs));
                continue;
            }
            if (from.Length == 0) continue; // one node: every page is on it already
            foreach (var line in pids)
            {
                if (!int.TryParse(line, NumberStyles.None, Invariant, out var pid)) continue;
                var result = PageMigration.Migrate(pid, from, node);
                if (result == -Posix.Esrch) continue; // the process ended meanwhile
                if (result < 0)
                {
                    sink.Fail(new AllocationFailure(type, $"migrate_pages(2) of pid {pid} to NUMA node {node} failed: {Errno.Describe((int)-result)} (errno {-result})", procs));
                    return;
                }
                notMoved += result;
            }
        }
        if (notMoved > 0) Log.PagesNotMoved(_context.Logger, Task.TaskId, notMoved, node);
        _migratedTo = node;
        sink.Change(change);
    }

    /// <summary>
    /// Makes <paramref name="path"/> hold <paramref name="target"/> (compared with <paramref name="same"/>); true when it
    /// does afterwards (or would, in a dry run).
    /// </summary>
    private bool Set(string type, string path, string target, Func<string, string, bool> same, ApplySink sink)
    {
        var current = Read(path, out var errno);
        if (current is null)
        {
            sink.Fail(new AllocationFailure(type, CannotAccess(path, "read", errno), path));
            return false;
        }
        var drift = _applied.TryGetValue(path, out var applied) && !same(current, applied);
        if (same(current, target))
        {
            if (!sink.DryRun) _applied[path] = current;
            return true;
        }
        if (drift) Log.Drift(_context.Logger, Task.TaskId, path, applied!, current, target);
        if (sink.DryRun)
        {
            sink.Change(new AllocationChange(type, current, target, path, drift));
            return true;
        }
        errno = _context.Writer.Write(path, target);
        if (errno != 0)
        {
            sink.Fail(new AllocationFailure(type, Refused(type, path, target, errno), path));
            return false;
        }
        var back = Read(path, out errno);
        if (back is null)
        {
            sink.Fail(new AllocationFailure(type, CannotAccess(path, "read back", errno), path));
            return false;
        }
        if (!same(back, target))
        {
            sink.Fail(new AllocationFailure(type, $"{path} holds \"{back}\" after \"{target}\" was written: the kernel adjusted the value", path));
            return false;
        }
        _applied[path] = back;
        sink.Change(new AllocationChange(type, current, back, path, drift));
        return true;
    }

    private sealed record ParsedList(string Requested, SortedSet<int> Ids, string Value);

    /// <summary>The files ReadCurrent reads for a task's cgroup, by what they hold (v2: Quota = cpu.max, Shares = cpu.weight).</summary>
    private sealed class CurrentFiles
    {
        public readonly WatchedFile? Quota, Period, Shares, Cpus, Mems, MemoryMigrate;

        public CurrentFiles(ActuationContext context, string cgroupPath)
        {
            if (context.Cpu is { } cpu)
            {
                var dir = cpu.CgroupDirectory(cgroupPath);
                Quota = new(dir + (cpu.IsV2 ? "/cpu.max" : "/cpu.cfs_quota_us"));
                Period = new(dir + "/cpu.cfs_period_us");
                Shares = new(dir + (cpu.IsV2 ? "/cpu.weight" : "/cpu.shares"));
            }
            if (context.Cpuset is { } cpuset)
            {
                var dir = cpuset.CgroupDirectory(cgroupPath);
                Cpus = new(dir + "/cpuset.cpus") { Effective = cpuset.IsV2 ? new(dir + "/cpuset.cpus.effective") : null };
                Mems = new(dir + "/cpuset.mems") { Effective = cpuset.IsV2 ? new(dir + "/cpuset.mems.effective") : null };
                MemoryMigrate = new(dir + "/cpuset.memory_migrate");
            }
        }

        /// <summary>The file read every iteration to notice a cgroup made anew (the first the task has).</summary>
        public WatchedFile? Probe => Quota ?? Cpus;

        /// <summary>Every value is read again.</summary>
        public void Invalidate()
        {
            foreach (var file in (ReadOnlySpan<WatchedFile?>)[Quota, Period, Shares, Cpus, Mems, MemoryMigrate])
                if (file is not null) file.Fresh = false;
        }

        public void Unwatch(WatchedCgroupFiles watched)
        {
            foreach (var file in (ReadOnlySpan<WatchedFile?>)[Quota, Period, Shares, Cpus, Cpus?.Effective, Mems, Mems?.Effective, MemoryMigrate])
                if (file is not null) watched.Unwatch(file);
        }
    }

    /// <summary>A cpuset list as the kernel prints it; the same string as last time while its bytes are unchanged.</summary>
    private string? ReadCpuset(ControllerMount cpuset, WatchedFile file, string type, ICollection<AllocationFailure>? failures)
    {
        if (file.Fresh) return file.Text;
        if (!ReadBytes(type, file, failures, out var text, reportMissing: false)) return null;
        // cgroup2: an empty cpuset.cpus means "the parent's", which changes with the parent without a write to this
        // cgroup's files: what applies (.effective) is read every time, its text reused while its bytes are the same.
        if (text.IsEmpty && cpuset.IsV2 && file.Effective is { } effective)
            return ReadBytes(type, effective, null, out var applied, reportMissing: false) ? TextOf(effective, applied) : "";
        var listed = TextOf(file, text);
        file.Fresh = file.Watch >= 0;
        return listed;
    }

    /// <summary>The file's text for <paramref name="content"/>: the last string while the bytes are the same.</summary>
    private static string TextOf(WatchedFile file, ReadOnlySpan<byte> content)
    {
        if (file.Text is null || !content.SequenceEqual(file.TextBytes))
        {
            file.TextBytes = content.ToArray();
            file.Text = Encoding.ASCII.GetString(content);
        }
        return file.Text;
    }

    private long? ReadNumber(string type, WatchedFile file, ICollection<AllocationFailure>? failures)
    {
        if (file.Fresh) return file.Number;
        if (!ReadBytes(type, file, failures, out var text)) return null;
        if (!KernelText.TryParseLongTrimmed(text, out var value))
        {
            failures?.Add(NotUnderstood(type, file.Path, Text(text), "an integer"));
            return null;
        }
        file.Number = value;
        file.Fresh = file.Watch >= 0;
        return value;
    }

    private (long Quota, long Period)? ReadCpuMax(WatchedFile file, ICollection<AllocationFailure>? failures)
    {
        if (file.Fresh) return (file.Number, file.Number2);
        if (!ReadBytes(AllocationTypes.CpuQuota, file, failures, out var text)) return null;
        if (!TryParseCpuMax(text, out var quota, out var period))
        {
            failures?.Add(NotUnderstood(AllocationTypes.CpuQuota, file.Path, Text(text), "\"<quota|max> <period>\""));
            return null;
        }
        (file.Number, file.Number2) = (quota, period);
        file.Fresh = file.Watch >= 0;
        return (quota, period);
    }

    /// <summary>
    /// The content of a file ReadCurrent reads every iteration, without its trailing newline (valid until the next
    /// read), through its kept-open descriptor, watched from before its first read; false, with a failure unless the
    /// file is simply absent and <paramref name="reportMissing"/> is false, when it cannot be read.
    /// </summary>
    private bool ReadBytes(string type, WatchedFile file, ICollection<AllocationFailure>? failures, out ReadOnlySpan<byte> content,
        bool reportMissing = true)
    {
        content = default;
        var open = file.File;
        if (open is not { IsOpen: true })
        {
            _context.Watched.Watch(file);
            file.File = open = Open(file.Path, out var openErrno);
            if (open is null)
            {
                _context.Watched.Unwatch(file);
                if (reportMissing || openErrno != Posix.Enoent) failures?.Add(new AllocationFailure(type, CannotAccess(file.Path, "read", openErrno), file.Path));
                return false;
            }
        }
        var n = ReadOpen(open, out content);
        if (n >= 0) return true;
        file.File = null;
        _context.Watched.Unwatch(file);
        if (reportMissing || -n != Posix.Enoent) failures?.Add(new AllocationFailure(type, CannotAccess(file.Path, "read", -n), file.Path));
        return false;
    }

    private static string Text(ReadOnlySpan<byte> content) => Encoding.ASCII.GetString(content);

    private static AllocationFailure NotUnderstood(string type, string path, string text, string expected) =>
        new(type, $"{path} holds \"{text}\", expected {expected}", path);

    /// <summary>The file's content without its trailing newline; null with the errno when it cannot be read.</summary>
    private string? Read(string path, out int errno)
    {
        errno = 0;
        if (Open(path, out errno) is not { } file) return null;
        var n = ReadOpen(file, out var content);
        if (n >= 0) return Encoding.ASCII.GetString(content);
        errno = -n;
        return null;
    }

    /// <summary>The kept-open descriptor of <paramref name="path"/>, opened on first use; null with the errno when it cannot be opened.</summary>
    private KernelFile? Open(string path, out int errno)
    {
        errno = 0;
        if (_files.TryGetValue(path, out var file)) return file;
        file = KernelFile.TryOpen(path, 64, out errno);
        if (file is not null) _files[path] = file;
        return file;
    }

    /// <summary>Reads a kept-open file (without its trailing newline): the length, or -errno, and then the file is closed and forgotten.</summary>
    private int ReadOpen(KernelFile file, out ReadOnlySpan<byte> content)
    {
        var n = file.Read(out content);
        // A cgroup removed and made anew answers ENODEV on the old descriptor: open it again once.
        if (n < 0 && file.Reopen() == 0)
        {
            _reopened = true;
            n = file.Read(out content);
        }
        if (n < 0)
        {
            file.Dispose();
            _files.Remove(file.Path);
            return n;
        }
        content = content.TrimEnd((byte)'\n');
        return content.Length;
    }

    private bool WarnOnce(string type, double value) => _warned.Add(type + "=" + value.ToString("R", Invariant));

    private static bool SameText(string current, string target) => string.Equals(current.Trim(), target.Trim(), StringComparison.Ordinal);

    private static bool SameNumber(string current, string target) =>
        long.TryParse(current.Trim(), NumberStyles.AllowLeadingSign, Invariant, out var c)
        && long.TryParse(target.Trim(), NumberStyles.AllowLeadingSign, Invariant, out var t)
        && AllocationTolerance.Same(c, t);

    private static bool SameCpuMax(string current, string target) =>
        TryParseCpuMax(Encoding.ASCII.GetBytes(current), out var cq, out var cp) && TryParseCpuMax(Encoding.ASCII.GetBytes(target), out var tq, out var tp)
        && cp == tp && AllocationTolerance.Same(cq, tq);

    /// <summary>cgroup2 cpu.max: "&lt;quota|max&gt; &lt;period&gt;"; "max" is <see cref="CpuQuotaConversion.Unlimited"/>.</summary>
    private static bool TryParseCpuMax(ReadOnlySpan<byte> text, out long quota, out long period)
    {
        quota = period = 0;
        if (!KernelText.NextField(ref text, out var first) || !KernelText.NextField(ref text, out var second)
            || KernelText.NextField(ref text, out _) || !KernelText.TryParseLong(second, out period) || period < 0)
            return false;
        if (first.SequenceEqual("max"u8)) { quota = CpuQuotaConversion.Unlimited; return true; }
        return KernelText.TryParseLong(first, out quota) && quota >= 0;
    }

    private string CannotAccess(string path, string step, int errno)
    {
        if (errno != Posix.Enoent) return $"cannot {step} {path}: {Errno.Describe(errno)} (errno {errno})";
        var dir = Path.GetDirectoryName(path)!;
        if (Directory.Exists(dir)) return $"{path} does not exist: the controller is not enabled for the cgroup";
        return _context.Cpuset is { } cpuset && dir.StartsWith(cpuset.Directory + "/", StringComparison.Ordinal) && _context.Cpu?.Directory != cpuset.Directory
            ? $"the task has no cgroup in the cpuset hierarchy: {dir} does not exist (its orchestrator did not create it)"
            : $"{path} does not exist: the cgroup is gone";
    }

    /// <summary>The kernel's refusal of a write, in the operator's terms.</summary>
    private string Refused(string type, string path, string value, int errno)
    {
        var file = Path.GetFileName(path);
        var dir = Path.GetDirectoryName(path)!;
        var isCpuset = type is AllocationTypes.CpusetCpus or AllocationTypes.CpusetMems;
        var v1 = _context.Cpuset is { IsV2: false };
        if (isCpuset && v1 && errno is Posix.Eacces or Posix.Einval
            && Read(Path.GetDirectoryName(dir) + "/" + file, out _) is { } parent
            && !KernelText.ParseCpuList(Encoding.ASCII.GetBytes(value)).ToHashSet().IsSubsetOf(KernelText.ParseCpuList(Encoding.ASCII.GetBytes(parent))))
            return $"the kernel refused \"{value}\" for {path} ({Errno.Describe(errno)}): on cgroup v1 a child's cpuset must stay inside its parent's, "
                + $"and the parent cgroup {Path.GetDirectoryName(dir)} has {file} \"{parent}\"; widen the parent's {file} first";
        if (isCpuset && v1 && errno == Posix.Ebusy)
            return $"the kernel refused \"{value}\" for {path} ({Errno.Describe(errno)}): a child cgroup of {dir} uses {(file == "cpuset.cpus" ? "CPUs" : "NUMA nodes")} outside it, "
                + "and on cgroup v1 a child's cpuset must stay inside its parent's; narrow the children's cpuset first";
        if (errno is Posix.Eacces or Posix.Eperm)
            return $"permission denied writing \"{value}\" to {path}: the agent needs root (CAP_SYS_ADMIN) and a writable cgroupfs";
        if (errno == Posix.Einval && type == AllocationTypes.CpuQuota && !(_context.Cpu?.IsV2 ?? false))
            return $"the kernel refused \"{value}\" for {path} (Invalid argument): on cgroup v1 a cgroup's CPU limit may not exceed its parent's, and the period must be 1000 to 1000000 µs";
        if (errno == Posix.Enoent)
            return CannotAccess(path, "write", errno);
        return $"the kernel refused \"{value}\" for {path}: {Errno.Describe(errno)} (errno {errno})";
    }

    private void CloseFiles()
    {
        foreach (var file in _files.Values) file.Dispose();
        _files.Clear();
        _current?.Unwatch(_context.Watched);
        _current = null;
        _lastCurrent = null;
    }

    public void Dispose() => CloseFiles();

    /// <summary>The changes and failures of one Apply, lists made on first use.</summary>
    private sealed class ApplySink(bool dryRun)
    {
        private List<AllocationChange>? _changes;
        private List<AllocationFailure>? _failures;

        public bool DryRun { get; } = dryRun;

        public void Change(AllocationChange change) => (_changes ??= []).Add(change);

        public void Fail(AllocationFailure failure) => (_failures ??= []).Add(failure);

        public AllocationOutcome Outcome() => _changes is null && _failures is null
            ? AllocationOutcome.None
            : new AllocationOutcome(_changes ?? (IReadOnlyList<AllocationChange>)[], _failures ?? (IReadOnlyList<AllocationFailure>)[]);
    }
}
