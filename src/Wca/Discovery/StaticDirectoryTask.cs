using Wca.Api;
using Wca.Kernel.Cgroups;

namespace Wca.Discovery;

/// <summary>
/// A sub-directory of <see cref="StaticNode"/>'s <c>directory</c> seen by its listing: the task made once for it, its
/// directories in every required hierarchy, and the reason it was last skipped (cached strings, so an unchanged
/// directory allocates nothing per iteration).
/// </summary>
internal sealed class StaticDirectoryTask
{
    private string? _missingReason, _noPidsReason;

    public StaticDirectoryTask(string cgroupPath, IReadOnlyList<string> hierarchies, IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, object> resources)
    {
        Task = new NodeTask(Path.GetFileName(cgroupPath), cgroupPath[1..], cgroupPath, NodeTask.NoSubcgroups, labels, resources);
        Directories = [.. hierarchies.Select(h => CgroupLayout.Join(h, cgroupPath))];
        ProcsPath = CgroupFs.ProcsPath(Directories[0]);
    }

    public NodeTask Task { get; }

    /// <summary>The task's directory in each required hierarchy; the first is the listed one.</summary>
    public string[] Directories { get; }

    public byte[] ProcsPath { get; }

    /// <summary>The listing that last saw the directory.</summary>
    public int Generation { get; set; }

    /// <summary>Why the task was skipped last time (null: reported).</summary>
    public string? SkipReason { get; set; }

    /// <summary>Why the task is skipped now, or null: missing in a required hierarchy, or (with require_pids) without processes.</summary>
    public string? CurrentSkipReason(CgroupFs cgroups, bool requirePids)
    {
        for (var h = 1; h < Directories.Length; h++)
            if (!Directory.Exists(Directories[h])) return _missingReason ??= $"There is no required cgroup '{Directories[h]}'";
        if (!requirePids) return null;
        return cgroups.HasProcesses(ProcsPath) switch
        {
            true => null,
            false => _noPidsReason ??= $"There is no pids in cgroup '{Directories[0]}'",
            null => _missingReason ??= $"There is no required cgroup '{Directories[0]}'",
        };
    }
}
