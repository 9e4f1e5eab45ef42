using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Kernel.Cgroups;
using Wca.Host;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery;

public sealed class CgroupNodeTests
{
    private static CgroupNode Node(List<string> patterns, bool requirePids = false, int maxDepth = 8, List<string>? exclude = null,
        HostPaths? paths = null, string? hierarchy = null) =>
        new(patterns, new CgroupFs(paths ?? HostPaths.Default), NullLogger.Instance, hierarchy, maxDepth, requirePids, exclude);

    [Fact]
    public void Patterns_select_cgroups_at_any_depth_and_exclude_removes_some()
    {
        using var root = TestCgroup.Create();
        var svc = root.CreateChild("system.slice");
        svc.CreateChild("cron.service");
        svc.CreateChild("ssh.service");
        svc.CreateChild("user.socket");
        var pods = root.CreateChild("kubepods");
        var burstable = pods.CreateChild("burstable");
        burstable.CreateChild("pod1").CreateChild("container");
        pods.CreateChild("pod2");

        using var node = Node([$"{root.Name}/system.slice/*.service", $"{root.Name}/kubepods/**/pod*"], exclude: [$"{root.Name}/**/ssh.*"]);
        var tasks = node.GetTasks();

        Assert.Equal(
            [$"{root.Name}/kubepods/burstable/pod1", $"{root.Name}/kubepods/pod2", $"{root.Name}/system.slice/cron.service"],
            tasks.Select(t => t.TaskId));
        var cron = tasks.Single(t => t.Name == "cron.service");
        Assert.Equal("cron", cron.Labels["service"]);
        Assert.Equal($"/{root.Name}/system.slice/cron.service", cron.Labels["cgroup"]);
        Assert.Equal($"/{root.Name}/system.slice/cron.service", cron.CgroupPath);
    }

    [Fact]
    public void Max_depth_limits_how_deep_cgroups_are_found()
    {
        using var root = TestCgroup.Create();
        root.CreateChild("a").CreateChild("b").CreateChild("c");

        using var shallow = Node([$"{root.Name}/**"], maxDepth: 2);
        using var deep = Node([$"{root.Name}/**"], maxDepth: 4);

        Assert.Equal([root.Name, $"{root.Name}/a"], shallow.GetTasks().Select(t => t.TaskId));
        Assert.Equal(4, deep.GetTasks().Count);
    }

    [Fact]
    public void Require_pids_skips_empty_cgroups_until_a_process_arrives()
    {
        using var root = TestCgroup.Create();
        var busy = root.CreateChild("busy");
        var idle = root.CreateChild("idle");
        busy.StartSleeper();

        using var node = Node([$"{root.Name}/*"], requirePids: true);
        Assert.Equal([busy.CgroupPath], node.GetTasks().Select(t => t.CgroupPath));

        idle.StartSleeper();
        Assert.Equal([busy.CgroupPath, idle.CgroupPath], node.GetTasks().Select(t => t.CgroupPath));
    }

    [Fact]
    public void Require_pids_counts_processes_below_a_cgroup_as_a_pod_has_them_in_its_containers()
    {
        using var root = TestCgroup.Create();
        var pod = root.CreateChild("pod1");
        pod.CreateChild("container").StartSleeper();
        root.CreateChild("pod2").CreateChild("container");

        using var node = Node([$"{root.Name}/pod*"], requirePids: true);
        Assert.Equal([pod.CgroupPath], node.GetTasks().Select(t => t.CgroupPath));

        using var tree = CgroupFixtureTree.PureV2();
        tree.Write("", "/pod-a", "cgroup.events", "populated 1\nfrozen 0\n");
        tree.Write("", "/pod-b", "cgroup.events", "populated 0\nfrozen 0\n");
        using var v2 = Node(["pod-*"], requirePids: true, paths: tree.Paths);
        Assert.Equal(["pod-a"], v2.GetTasks().Select(t => t.TaskId));
    }

    [Fact]
    public void Unchanged_tree_gives_the_same_list_and_tasks_and_changes_are_seen()
    {
        using var root = TestCgroup.Create();
        root.CreateChild("one");
        using var node = Node([$"{root.Name}/*"]);

        var first = node.GetTasks();
        Assert.Same(first, node.GetTasks());

        var two = root.CreateChild("two");
        var second = node.GetTasks();
        Assert.Equal(2, second.Count);
        Assert.Same(first[0], second[0]);

        two.Dispose();
        var third = node.GetTasks();
        Assert.Same(first[0], Assert.Single(third));
    }

    [Fact]
    public void Pure_v2_walks_the_root_and_other_hierarchies_can_be_chosen()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.CreateCgroup("", "/system.slice/a.service", 1);
        tree.CreateCgroup("", "/system.slice/b.service");
        using var node = Node(["system.slice/*.service"], requirePids: true, paths: tree.Paths);
        Assert.Equal(["system.slice/a.service"], node.GetTasks().Select(t => t.TaskId));

        using var v1 = CgroupFixtureTree.V1(withUnified: true);
        v1.CreateCgroup("memory", "/only-in-memory");
        using var memoryNode = Node(["*"], paths: v1.Paths, hierarchy: "memory");
        using var defaultNode = Node(["*"], paths: v1.Paths);
        Assert.Equal(["only-in-memory"], memoryNode.GetTasks().Select(t => t.TaskId));
        Assert.Empty(defaultNode.GetTasks());
    }

    [Fact]
    public void A_missing_hierarchy_gives_no_tasks()
    {
        using var node = Node(["*"], paths: HostPaths.Default with { CgroupRoot = "/nonexistent/wca-test" });
        Assert.Empty(node.GetTasks());
    }
}
