namespace Wca.Kernel.Cgroups;

/// <summary>
/// Where each cgroup controller lives under the cgroup root: pure v2 (cgroup.controllers at the root),
/// v1 (one mount per controller, possibly co-mounted as cpu,cpuacct) or hybrid (v1 plus unified/).
/// Detected once (see <see cref="CgroupFs"/>); a null directory means that hierarchy is not mounted.
/// </summary>
/// <param name="Root">The cgroup root (HostPaths.CgroupRoot).</param>
/// <param name="Cpu">v1 cpu controller mount (cpu.stat, CFS throttling, cpu.shares, cpu.cfs_*).</param>
/// <param name="Cpuacct">v1 cpuacct controller mount (cpuacct.usage).</param>
/// <param name="Memory">v1 memory controller mount.</param>
/// <param name="Unified">cgroup2 mount: the root itself in pure v2, root/unified in hybrid.</param>
/// <param name="Cpuset">v1 cpuset controller mount (cpuset.cpus, cpuset.mems: allocation only).</param>
/// <param name="PerfEvent">v1 perf_event controller mount (the cgroup a perf event is counted for).</param>
public sealed record CgroupLayout(
    string Root, string? Cpu, string? Cpuacct, string? Memory, string? Unified, string? Cpuset = null, string? PerfEvent = null)
{
    /// <summary>The hierarchy names <see cref="Controller"/> and <see cref="CgroupFs.Write"/> know.</summary>
    public static readonly IReadOnlyList<string> Names = ["cpu", "cpuacct", "memory", "cpuset", "perf_event", "unified"];

    public bool IsPureV2 => Unified is not null && Cpu is null && Cpuacct is null && Memory is null && Cpuset is null && PerfEvent is null;

    public bool IsHybrid => Unified is not null && !IsPureV2;

    /// <summary>"v1", "v2" or "hybrid", for logs.</summary>
    public string Kind => IsPureV2 ? "v2" : IsHybrid ? "hybrid" : "v1";

    /// <summary>
    /// Every mounted hierarchy a task cgroup is measured in (v1 cpu, cpuacct, memory; unified), without duplicates.
    /// cpuset and perf_event are not among them: nothing is read there, and a v1 cpuset cgroup takes no process
    /// before its cpus and mems are set.
    /// </summary>
    public IReadOnlyList<string> Hierarchies => new[] { Cpu, Cpuacct, Memory, Unified }
        .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The hierarchy that lists the tasks (v1 cpuacct, else cpu, else memory; else unified).</summary>
    public string? TaskHierarchy => Cpuacct ?? Cpu ?? Memory ?? Unified;

    /// <summary>
    /// The mount of a hierarchy by name (<see cref="Names"/>); null when it is not mounted or the name is unknown.
    /// In pure v2 every controller is in the unified tree.
    /// </summary>
    public string? Controller(string name) => name switch
    {
        "unified" => Unified,
        _ when IsPureV2 && Names.Contains(name) => Unified,
        "cpu" => Cpu,
        "cpuacct" => Cpuacct,
        "memory" => Memory,
        "cpuset" => Cpuset,
        "perf_event" => PerfEvent,
        _ => null,
    };

    public static CgroupLayout Detect(string root)
    {
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
            return new CgroupLayout(root, null, null, null, root);

        string? cpu = null, cpuacct = null, memory = null, cpuset = null, perfEvent = null;
        if (Directory.Exists(root))
        {
            // systemd mounts "cpu,cpuacct" and adds "cpu" and "cpuacct" symlinks to it: follow them to the mount.
            foreach (var entry in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var dir = new DirectoryInfo(entry).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry;
                if (!IsMounted(dir)) continue;
                foreach (var controller in Path.GetFileName(dir).Split(','))
                {
                    switch (controller)
                    {
                        case "cpu": cpu ??= dir; break;
                        case "cpuacct": cpuacct ??= dir; break;
                        case "memory": memory ??= dir; break;
                        case "cpuset": cpuset ??= dir; break;
                        case "perf_event": perfEvent ??= dir; break;
                    }
                }
            }
        }
        var unified = Path.Combine(root, "unified");
        return new CgroupLayout(root, cpu, cpuacct, memory,
            File.Exists(Path.Combine(unified, "cgroup.controllers")) ? unified : null, cpuset, perfEvent);
    }

    /// <summary>A v1 hierarchy is mounted when its root lists processes (an empty directory is not a mount).</summary>
    private static bool IsMounted(string dir) => File.Exists(Path.Combine(dir, "cgroup.procs")) || File.Exists(Path.Combine(dir, "tasks"));

    /// <summary>The directory of <paramref name="cgroupPath"/> (leading '/' optional) in <paramref name="hierarchy"/>.</summary>
    public static string Join(string hierarchy, string cgroupPath)
    {
        var relative = cgroupPath.AsSpan().TrimStart('/');
        return relative.IsEmpty ? hierarchy : string.Concat(hierarchy, "/", relative);
    }
}
