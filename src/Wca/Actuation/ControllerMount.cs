using Wca.Kernel.Cgroups;

namespace Wca.Actuation;

/// <summary>Where an allocation controller (cpu, cpuset) is written: its v1 mount, or the cgroup2 tree, whose files differ.</summary>
/// <param name="Directory">The hierarchy's mount directory.</param>
/// <param name="IsV2">cgroup2 files (cpu.max, cpu.weight; no cpuset.memory_migrate).</param>
internal sealed record ControllerMount(string Directory, bool IsV2)
{
    /// <summary>
    /// The v1 mount of <paramref name="controller"/> when there is one (v1 and hybrid), else the cgroup2 tree when its
    /// root offers the controller (pure v2, or a hybrid with the controller moved to unified); null when neither.
    /// </summary>
    public static ControllerMount? Find(CgroupLayout layout, string controller)
    {
        if (!layout.IsPureV2 && layout.Controller(controller) is { } v1) return new ControllerMount(v1, false);
        if (layout.Unified is not { } unified) return null;
        try
        {
            var offered = File.ReadAllText(Path.Combine(unified, "cgroup.controllers")).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return offered.Contains(controller, StringComparer.Ordinal) ? new ControllerMount(unified, true) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The directory of <paramref name="cgroupPath"/> in this hierarchy.</summary>
    public string CgroupDirectory(string cgroupPath) => CgroupLayout.Join(Directory, cgroupPath);

    /// <summary>"cgroup v1" or "cgroup v2", for messages.</summary>
    public string Version => IsV2 ? "cgroup v2" : "cgroup v1";
}
