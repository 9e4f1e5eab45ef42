using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery;

/// <summary>StaticNode's <c>directory</c> (final release): every sub-directory of a cgroup is a task, on real cgroups.</summary>
public sealed class StaticNodeDirectoryTests
{
    private static StaticNode Node(string? directory, List<string>? tasks = null, ILogger? log = null, bool requirePids = false,
        Dictionary<string, string>? labels = null) =>
        new(tasks, new CgroupFs(HostPaths.Default), log ?? NullLogger.Instance, requirePids, defaultLabels: labels, directory: directory);

    [Fact]
    public void Every_sub_directory_is_a_task_and_the_listing_follows_new_and_removed_ones()
    {
        using var parent = TestCgroup.Create("docker");
        var a = parent.CreateChild("aaa");
        parent.CreateChild("bbb").CreateChild("nested"); // only direct sub-directories are tasks
        using var node = Node(parent.RelativePath, labels: new() { ["source"] = "docker" });

        var tasks = node.GetTasks();

        Assert.Equal([$"{parent.RelativePath}/aaa", $"{parent.RelativePath}/bbb"], tasks.Select(t => t.TaskId));
        Assert.Equal(["aaa", "bbb"], tasks.Select(t => t.Name));
        Assert.Equal($"{parent.CgroupPath}/aaa", tasks[0].CgroupPath);
        Assert.Equal("docker", tasks[0].Labels["source"]);
        Assert.Same(tasks, node.GetTasks()); // nothing changed: the same list, so the runner skips its bookkeeping

        using var late = parent.CreateChild("ccc");
        Assert.Equal(["aaa", "bbb", "ccc"], node.GetTasks().Select(t => t.Name));
        a.Dispose();
        Assert.Equal(["bbb", "ccc"], node.GetTasks().Select(t => t.Name));
    }

    [Fact]
    public void Configured_tasks_come_first_and_are_not_repeated_by_the_directory()
    {
        using var parent = TestCgroup.Create("docker");
        var a = parent.CreateChild("aaa");
        parent.CreateChild("bbb");
        using var node = Node(parent.RelativePath, tasks: [a.RelativePath, parent.RelativePath]);

        Assert.Equal([a.RelativePath, parent.RelativePath, $"{parent.RelativePath}/bbb"], node.GetTasks().Select(t => t.TaskId));
    }

    [Fact]
    public void A_sub_directory_missing_in_a_required_hierarchy_or_without_pids_is_skipped_with_one_warning()
    {
        using var parent = TestCgroup.Create("docker");
        var busy = parent.CreateChild("busy");
        busy.StartSleeper();
        parent.CreateChild("idle");
        var log = new RecordingLogger();
        using var node = Node(parent.RelativePath, log: log, requirePids: true);

        for (var i = 0; i < 3; i++) Assert.Equal(["busy"], node.GetTasks().Select(t => t.Name));

        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("There is no pids in cgroup", warning.Message);
        Assert.Contains($"{parent.RelativePath}/idle", warning.Message);
    }

    [Fact]
    public void A_sub_directory_missing_in_another_required_hierarchy_is_skipped_until_it_is_there()
    {
        using var tree = CgroupFixtureTree.V1();
        tree.CreateCgroup("cpu", "/docker/full");
        tree.CreateCgroup("cpuacct", "/docker/full");
        tree.CreateCgroup("memory", "/docker/full");
        tree.CreateCgroup("cpu", "/docker/partial");
        tree.CreateCgroup("cpuacct", "/docker/partial");
        var log = new RecordingLogger();
        using var node = new StaticNode(null, new CgroupFs(tree.Paths), log, directory: "docker");

        Assert.Equal(["full"], node.GetTasks().Select(t => t.Name));
        Assert.Equal(["full"], node.GetTasks().Select(t => t.Name));
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal($"StaticNode: There is no required cgroup '{tree.Root}/memory/docker/partial' for 'docker/partial' - skipping!", warning.Message);

        tree.CreateCgroup("memory", "/docker/partial");
        Assert.Equal(["full", "partial"], node.GetTasks().Select(t => t.Name));
    }

    [Fact]
    public void A_symbolic_link_in_the_directory_is_not_a_task()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.CreateCgroup("", "/docker/real");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "docker", "escape"), "/");
        using var node = new StaticNode(null, new CgroupFs(tree.Paths), NullLogger.Instance, directory: "docker");

        Assert.Equal(["real"], node.GetTasks().Select(t => t.Name));
    }

    [Fact]
    public void A_missing_directory_is_warned_about_once_and_picked_up_when_it_appears()
    {
        using var parent = TestCgroup.Create("docker");
        var log = new RecordingLogger();
        using var node = Node(parent.RelativePath + "/later", log: log);

        Assert.Empty(node.GetTasks());
        Assert.Empty(node.GetTasks());
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains($"there is no directory '", warning.Message);
        Assert.Contains($"{parent.RelativePath}/later'", warning.Message);

        parent.CreateChild("later").CreateChild("task");
        Assert.Equal(["task"], node.GetTasks().Select(t => t.Name));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("is back", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_tasks_or_directory_or_with_a_path_leaving_the_root_the_node_is_a_configuration_error()
    {
        var none = Assert.Throws<ArgumentException>(() => Node(null));
        Assert.Equal("tasks", none.ParamName);
        Assert.StartsWith("StaticNode needs 'tasks' (cgroup paths) or 'directory'", none.Message);

        var up = Assert.Throws<ArgumentException>(() => Node("docker/../../.."));
        Assert.Equal("directory", up.ParamName);
        Assert.StartsWith("'docker/../../..' leaves the cgroup hierarchy", up.Message);

        var task = Assert.Throws<ArgumentException>(() => Node(null, tasks: ["ok", "../etc"]));
        Assert.Equal("tasks", task.ParamName);
        Assert.StartsWith("'../etc' leaves the cgroup hierarchy", task.Message);
    }

    [Fact]
    public void The_directory_key_loads_from_yaml_without_tasks_and_neither_key_is_an_error_naming_tasks()
    {
        using var dir = new TestDirectory();
        var file = dir.Write("config.yaml", """
            runner: !MeasurementRunner
              node: !StaticNode
                directory: docker
                require_pids: true
            """);
        var runner = Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(file, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
        var node = Assert.IsType<StaticNode>(runner.Node);
        Assert.Equal("/docker", node.TaskDirectory);
        Assert.Empty(node.ConfiguredTasks);

        var neither = dir.Write("neither.yaml", "runner: !MeasurementRunner\n  node: !StaticNode\n    require_pids: true\n");
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(neither, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.Contains("StaticNode needs 'tasks' (cgroup paths) or 'directory'", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_cancelled_token_stops_the_call()
    {
        using var parent = TestCgroup.Create("docker");
        parent.CreateChild("aaa");
        using var node = Node(parent.RelativePath);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => node.GetTasks(cancelled.Token));
        Assert.Single(node.GetTasks());
    }
}
