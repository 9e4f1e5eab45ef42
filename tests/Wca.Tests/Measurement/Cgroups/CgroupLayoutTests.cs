using Wca.Host;
using Wca.Measurement.Cgroups;
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
