using System.Diagnostics;
using Wca.Host;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Actuation;

/// <summary>
/// A <see cref="TestCgroup"/> that also has a directory in the v1 cpuset hierarchy (which TestCgroup leaves out: a v1
/// cpuset cgroup takes no process before its cpus and mems are set), given the parent's CPUs and nodes. Programs
/// started through <see cref="Start"/> join it before they exec. Dispose kills the processes, then removes the cpuset
/// directories (children first).
/// </summary>
internal sealed class CpusetTestCgroup : IDisposable
{
    private readonly List<CpusetTestCgroup> _children = [];
    private readonly string _mount;

    private CpusetTestCgroup(TestCgroup cgroup, string cpusetMount)
    {
        Cgroup = cgroup;
        _mount = cpusetMount;
        Directory = CgroupLayout.Join(cpusetMount, cgroup.CgroupPath);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var parent = Path.GetDirectoryName(Directory)!;
            File.WriteAllText(Directory + "/cpuset.cpus", File.ReadAllText(parent + "/cpuset.cpus").Trim());
            File.WriteAllText(Directory + "/cpuset.mems", File.ReadAllText(parent + "/cpuset.mems").Trim());
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static CpusetTestCgroup Create(string? label = null)
    {
        var cgroup = TestCgroup.Create(label);
        try
        {
            var mount = CgroupLayout.Detect(HostPaths.Default.CgroupRoot).Cpuset ?? throw new InvalidOperationException("this host has no v1 cpuset hierarchy");
            return new CpusetTestCgroup(cgroup, mount);
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    public TestCgroup Cgroup { get; }

    public string CgroupPath => Cgroup.CgroupPath;

    /// <summary>The cgroup's directory in the cpuset hierarchy.</summary>
    public string Directory { get; }

    public CpusetTestCgroup CreateChild(string name)
    {
        var child = new CpusetTestCgroup(Cgroup.CreateChild(name), _mount);
        _children.Add(child);
        return child;
    }

    /// <summary>Starts <paramref name="program"/> in the cgroup and its cpuset cgroup.</summary>
    public Process Start(string program, params string[] arguments) =>
        Cgroup.Start("/bin/sh", ["-c", $"echo $$ > \"{Directory}/cgroup.procs\" || exit 98; exec \"$@\"", "sh", program, .. arguments]);

    public void Dispose()
    {
        foreach (var child in _children) child.Dispose();
        Cgroup.Dispose();
        var sw = Stopwatch.StartNew();
        while (System.IO.Directory.Exists(Directory) && sw.Elapsed < TimeSpan.FromSeconds(5))
        {
            try { System.IO.Directory.Delete(Directory); }
            catch (IOException) { Thread.Sleep(20); }
        }
    }
}
