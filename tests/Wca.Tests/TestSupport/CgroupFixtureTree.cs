using Wca.Host;

namespace Wca.Tests.TestSupport;

/// <summary>
/// A fake cgroup root in a temp folder laid out like the kernel's (pure v2, v1 with separate or co-mounted
/// cpu,cpuacct, hybrid), for files this host does not have: v2 memory.*, missing files, garbage content.
/// Use <see cref="Paths"/> as the agent's HostPaths. Deleted on Dispose.
/// </summary>
public sealed class CgroupFixtureTree : IDisposable
{
    private CgroupFixtureTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "wca-test-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6)));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>HostPaths whose CgroupRoot is this tree.</summary>
    public HostPaths Paths => HostPaths.Default with { CgroupRoot = Root };

    /// <summary>Pure cgroup v2: the root itself is the cgroup2 mount.</summary>
    public static CgroupFixtureTree PureV2()
    {
        var tree = new CgroupFixtureTree();
        tree.WriteRootFile("cgroup.controllers", "cpuset cpu io memory pids\n");
        tree.WriteRootFile("cgroup.procs", "1\n");
        return tree;
    }

    /// <summary>cgroup v1 with cpu, cpuacct and memory mounts; co-mounted = systemd's cpu,cpuacct plus cpu and cpuacct symlinks.</summary>
    public static CgroupFixtureTree V1(bool coMountedCpuCpuacct = false, bool withUnified = false)
    {
        var tree = new CgroupFixtureTree();
        if (coMountedCpuCpuacct)
        {
            tree.MountV1("cpu,cpuacct");
            Directory.CreateSymbolicLink(Path.Combine(tree.Root, "cpu"), "cpu,cpuacct");
            Directory.CreateSymbolicLink(Path.Combine(tree.Root, "cpuacct"), "cpu,cpuacct");
        }
        else
        {
            tree.MountV1("cpu");
            tree.MountV1("cpuacct");
        }
        tree.MountV1("memory");
        if (withUnified)
        {
            tree.WriteRootFile("unified/cgroup.controllers", "\n");
            tree.WriteRootFile("unified/cgroup.procs", "1\n");
        }
        return tree;
    }

    private void MountV1(string hierarchy)
    {
        WriteRootFile(hierarchy + "/cgroup.procs", "1\n");
        WriteRootFile(hierarchy + "/tasks", "1\n");
    }

    /// <summary>
    /// Writes <paramref name="file"/> of cgroup <paramref name="cgroupPath"/> in <paramref name="hierarchy"/>
    /// ("cpu", "cpuacct", "memory", "unified", or "" for the pure v2 root); creates the cgroup if needed.
    /// </summary>
    public string Write(string hierarchy, string cgroupPath, string file, string content)
    {
        var dir = CreateCgroup(hierarchy, cgroupPath);
        var path = Path.Combine(dir, file);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Creates an (empty) cgroup directory with an empty cgroup.procs; returns its path.</summary>
    public string CreateCgroup(string hierarchy, string cgroupPath, params int[] pids)
    {
        var dir = Path.Combine(Root, hierarchy, cgroupPath.TrimStart('/'));
        Directory.CreateDirectory(dir);
        var procs = Path.Combine(dir, "cgroup.procs");
        if (!File.Exists(procs) || pids.Length > 0) File.WriteAllText(procs, string.Concat(pids.Select(p => p + "\n")));
        if (hierarchy is not ("" or "unified")) File.WriteAllText(Path.Combine(dir, "tasks"), string.Concat(pids.Select(p => p + "\n")));
        return dir;
    }

    private void WriteRootFile(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
