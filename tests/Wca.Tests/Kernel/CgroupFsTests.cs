using Wca.Host;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Kernel;

public sealed class CgroupFsTests
{
    [Fact]
    public void Layout_is_detected_on_first_use_not_when_made_and_then_kept()
    {
        using var tree = CgroupFixtureTree.V1();
        var cgroups = new CgroupFs(tree.Paths);
        Assert.False(cgroups.IsDetected);
        // Mounted after the service was made (i.e. after binding): the detection sees it.
        tree.Write("cpuset", "/", "cgroup.procs", "1\n");
        var layout = cgroups.Layout;
        Assert.True(cgroups.IsDetected);
        Assert.Equal(Path.Combine(tree.Root, "cpuset"), layout.Cpuset);
        tree.Write("perf_event", "/", "cgroup.procs", "1\n");
        Assert.Same(layout, cgroups.Layout);
        Assert.Null(cgroups.Layout.PerfEvent);
    }

    [Fact]
    public void Paths_join_hierarchy_cgroup_and_file()
    {
        using var tree = CgroupFixtureTree.V1();
        var cgroups = new CgroupFs(tree.Paths);
        Assert.Equal(Path.Combine(tree.Root, "cpu") + "/a/b/cpu.shares", cgroups.FilePath("cpu", "/a/b", "cpu.shares"));
        Assert.Equal("/x/a/cpu.shares", cgroups.FilePath("/x", "a", "cpu.shares"));
        Assert.Null(cgroups.FilePath("cpuset", "/a", "cpuset.cpus"));
    }

    [Fact]
    public void Agent_services_inject_one_cgroupfs()
    {
        var services = AgentServices.ForTests();
        Assert.True(AgentServices.IsService(typeof(CgroupFs)));
        Assert.Same(services.Cgroups, services.GetService(typeof(CgroupFs)));
        Assert.Same(services.Cgroups, services.GetService(typeof(CgroupFs), typeof(CgroupFsTests)));
        Assert.Equal(services.HostPaths.CgroupRoot, services.Cgroups.Root);
        Assert.False(services.Cgroups.IsDetected);
    }

    [Fact]
    public void Write_returns_what_the_kernel_reads_back()
    {
        using var cg = TestCgroup.Create("write");
        var cgroups = new CgroupFs(HostPaths.Default);
        // cgroup v1 cpu.shares on this hybrid host; cpu.weight where cpu lives in the unified tree.
        var (file, value) = cgroups.Layout.Cpu is not null ? ("cpu.shares", "512") : ("cpu.weight", "50");
        Assert.Equal(value, cgroups.Write("cpu", cg.CgroupPath, file, value));
        Assert.Equal(value, cgroups.Read("cpu", cg.CgroupPath, file));
        // The kernel clamps shares below 2 to 2: the read-back tells what was applied.
        if (file == "cpu.shares") Assert.Equal("2", cgroups.Write("cpu", cg.CgroupPath, file, "1"));
    }

    [Fact]
    public void Bad_value_throws_with_the_path_the_value_and_the_errno()
    {
        using var cg = TestCgroup.Create("badwrite");
        var cgroups = new CgroupFs(HostPaths.Default);
        var file = cgroups.Layout.Cpu is not null ? "cpu.shares" : "cpu.weight";
        var e = Assert.Throws<CgroupWriteException>(() => cgroups.Write("cpu", cg.CgroupPath, file, "lots"));
        var path = cgroups.FilePath("cpu", cg.CgroupPath, file)!;
        Assert.Equal(path, e.Path);
        Assert.Equal(22, e.Errno); // EINVAL
        Assert.Contains(path, e.Message);
        Assert.Contains("\"lots\"", e.Message);
        Assert.Contains("Invalid argument", e.Message);
    }

    [Fact]
    public void Write_to_a_missing_cgroup_or_hierarchy_throws_with_the_path()
    {
        var cgroups = new CgroupFs(HostPaths.Default);
        var missing = "/wca-test-missing-" + Guid.NewGuid().ToString("N")[..8];
        var e = Assert.Throws<CgroupWriteException>(() => cgroups.Write("cpu", missing, "cpu.shares", "100"));
        Assert.Equal(2, e.Errno); // ENOENT
        Assert.Contains(missing + "/cpu.shares", e.Message);
        Assert.Contains("No such file or directory", e.Message);

        var none = new CgroupFs("/nonexistent/wca-test-root");
        var notMounted = Assert.Throws<CgroupWriteException>(() => none.Write("cpuset", "/a", "cpuset.cpus", "0"));
        Assert.Contains("cpuset", notMounted.Message);
    }

    [Fact]
    public void Cpuset_write_reads_back_the_kernel_list()
    {
        var cgroups = new CgroupFs(HostPaths.Default);
        Assert.Equal(CgroupMounts.V1("cpuset"), cgroups.Layout.Cpuset);
        // The allocation actuator's hierarchy: v1 cpuset, or the unified tree in pure v2.
        var cpuset = cgroups.Hierarchy("cpuset");
        Assert.NotNull(cpuset);
        var cgroupPath = "/wca-test-" + Guid.NewGuid().ToString("N")[..12] + "-cpuset";
        var dir = CgroupFs.Join(cpuset, cgroupPath);
        Directory.CreateDirectory(dir);
        try
        {
            var all = cgroups.Read("cpuset", "/", cgroups.Layout.IsPureV2 ? "cpuset.cpus.effective" : "cpuset.cpus");
            Assert.Equal("", cgroups.Read("cpuset", cgroupPath, "cpuset.cpus")); // a new cpuset starts empty
            Assert.Equal(all, cgroups.Write("cpuset", cgroupPath, "cpuset.cpus", all));
            Assert.Equal("0", cgroups.Write("cpuset", cgroupPath, "cpuset.mems", "0"));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
