namespace Wca.Tests.TestSupport;

/// <summary>What /proc/self/mounts says about this host's cgroup v1 mounts: the independent truth layout detection is checked against.</summary>
public static class CgroupMounts
{
    /// <summary>The mount point of v1 <paramref name="controller"/> under /sys/fs/cgroup, or null when it is not mounted.</summary>
    public static string? V1(string controller) => File.ReadAllLines("/proc/self/mounts")
        .Select(line => line.Split(' '))
        .Where(f => f.Length > 3 && f[2] == "cgroup" && f[3].Split(',').Contains(controller))
        .Select(f => f[1])
        .FirstOrDefault(p => p.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal));
}
