namespace Wca.Kernel.Cgroups;

/// <summary>In which mounted hierarchies a task's cgroup directory exists.</summary>
internal readonly record struct CgroupPresence(bool Cpu, bool Cpuacct, bool Memory, bool Unified)
{
    public bool IsNone => !(Cpu || Cpuacct || Memory || Unified);

    /// <summary>Whether the cgroup exists in every mounted hierarchy (nothing left to look for later).</summary>
    public bool IsComplete(CgroupLayout layout) =>
        (Cpu || layout.Cpu is null) && (Cpuacct || layout.Cpuacct is null)
        && (Memory || layout.Memory is null) && (Unified || layout.Unified is null);

    public static CgroupPresence Find(CgroupLayout layout, string cgroupPath) => new(
        Exists(layout.Cpu, cgroupPath), Exists(layout.Cpuacct, cgroupPath),
        Exists(layout.Memory, cgroupPath), Exists(layout.Unified, cgroupPath));

    /// <summary>Like <see cref="Find(CgroupLayout, string)"/>, looking only in the hierarchies set in <paramref name="only"/>.</summary>
    public static CgroupPresence Find(CgroupLayout layout, string cgroupPath, CgroupPresence only) => new(
        only.Cpu && Exists(layout.Cpu, cgroupPath), only.Cpuacct && Exists(layout.Cpuacct, cgroupPath),
        only.Memory && Exists(layout.Memory, cgroupPath), only.Unified && Exists(layout.Unified, cgroupPath));

    public CgroupPresence Or(CgroupPresence other) =>
        new(Cpu || other.Cpu, Cpuacct || other.Cpuacct, Memory || other.Memory, Unified || other.Unified);

    private static bool Exists(string? hierarchy, string cgroupPath) =>
        hierarchy is not null && Directory.Exists(CgroupLayout.Join(hierarchy, cgroupPath));
}
