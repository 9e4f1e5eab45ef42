using Wca.Host;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Cgroups;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void Pure_v2_is_the_root_itself()
    {
        using var tree = CgroupFixtureTree.PureV2();
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Equal("v2", layout.Kind);
        Assert.Equal(tree.Root, layout.Unified);
        Assert.Null(layout.Cpuacct);
        Assert.Equal(tree.Root, layout.TaskHierarchy);
    }

    [Fact]
    public void Co_mounted_cpu_cpuacct_resolves_both_controllers_to_one_mount()
    {
        using var tree = CgroupFixtureTree.V1(coMountedCpuCpuacct: true);
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Equal("v1", layout.Kind);
        Assert.Equal(layout.Cpu, layout.Cpuacct);
        Assert.Equal(Path.Combine(tree.Root, "cpu,cpuacct"), layout.Cpu);
        Assert.Equal(Path.Combine(tree.Root, "memory"), layout.Memory);
        Assert.Equal(2, layout.Hierarchies.Count);
    }

    [Fact]
    public void Hybrid_has_v1_controllers_and_unified()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Equal("hybrid", layout.Kind);
        Assert.Equal(Path.Combine(tree.Root, "cpuacct"), layout.Cpuacct);
        Assert.Equal(Path.Combine(tree.Root, "unified"), layout.Unified);
        Assert.Equal(4, layout.Hierarchies.Count);
    }

    [Fact]
    public void Cpuset_and_perf_event_mounts_are_found_also_co_mounted()
    {
        using var tree = CgroupFixtureTree.V1(coMountedCpuCpuacct: true);
        tree.Write("cpuset", "/", "cgroup.procs", "1\n");
        tree.Write("net_cls,perf_event", "/", "cgroup.procs", "1\n");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "perf_event"), "net_cls,perf_event");
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Equal(Path.Combine(tree.Root, "cpuset"), layout.Cpuset);
        Assert.Equal(Path.Combine(tree.Root, "net_cls,perf_event"), layout.PerfEvent);
        Assert.Equal(layout.Cpuset, layout.Controller("cpuset"));
        Assert.Equal(layout.PerfEvent, layout.Controller("perf_event"));
        Assert.Equal(layout.Cpu, layout.Controller("cpu"));
        Assert.Null(layout.Controller("unified"));
        Assert.Null(layout.Controller("blkio"));
        // Measured hierarchies only: a v1 cpuset cgroup takes no process before its cpus and mems are set.
        Assert.Equal(2, layout.Hierarchies.Count);
        Assert.Equal("v1", layout.Kind);
    }

    [Fact]
    public void Unmounted_cpuset_and_perf_event_directories_are_not_hierarchies()
    {
        using var tree = CgroupFixtureTree.V1();
        Directory.CreateDirectory(Path.Combine(tree.Root, "cpuset"));
        Directory.CreateDirectory(Path.Combine(tree.Root, "perf_event"));
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Null(layout.Cpuset);
        Assert.Null(layout.PerfEvent);
    }

    [Fact]
    public void Pure_v2_has_every_controller_in_the_unified_tree()
    {
        using var tree = CgroupFixtureTree.PureV2();
        var layout = CgroupLayout.Detect(tree.Root);
        Assert.Null(layout.Cpuset);
        foreach (var name in CgroupLayout.Names) Assert.Equal(tree.Root, layout.Controller(name));
    }

    [Fact]
    public void This_host_cpuset_and_perf_event_are_where_the_mount_table_says()
    {
        var layout = CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        Assert.Equal(CgroupMounts.V1("cpuset"), layout.Cpuset);
        Assert.Equal(CgroupMounts.V1("perf_event"), layout.PerfEvent);
        Assert.Equal(CgroupMounts.V1("cpu"), layout.Cpu);
        Assert.Equal(CgroupMounts.V1("memory"), layout.Memory);
        Assert.Equal("/sys/fs/cgroup/cpuset", layout.Cpuset); // this host mounts cpuset, not perf_event
    }

    [Fact]
    public void This_host_is_hybrid_with_separate_cpu_and_cpuacct()
    {
        var layout = CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        Assert.Equal("hybrid", layout.Kind);
        Assert.Equal("/sys/fs/cgroup/cpuacct", layout.Cpuacct);
        Assert.Equal("/sys/fs/cgroup/cpu", layout.Cpu);
        Assert.Equal("/sys/fs/cgroup/memory", layout.Memory);
        Assert.Equal("/sys/fs/cgroup/unified", layout.Unified);
    }

    [Fact]
    public void A_missing_root_has_no_hierarchy()
    {
        var layout = CgroupLayout.Detect("/nonexistent/wca-test-root");
        Assert.Empty(layout.Hierarchies);
        Assert.Null(layout.TaskHierarchy);
    }
}
