using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Kernel.Cgroups;
using Wca.Host;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery;

public sealed class StaticNodeTests
{
    [Fact]
    public void Existing_cgroups_are_tasks_named_after_their_last_segment()
    {
        using var parent = TestCgroup.Create();
        var child = parent.CreateChild("job");
        var node = new StaticNode([parent.RelativePath, child.CgroupPath, "wca-test-missing-" + parent.Name], new CgroupFs(HostPaths.Default), NullLogger.Instance);

        var tasks = node.GetTasks();

        Assert.Equal(2, tasks.Count);
        Assert.Equal(parent.CgroupPath, tasks[0].CgroupPath);
        Assert.Equal(parent.RelativePath, tasks[0].TaskId);
        Assert.Equal(parent.Name, tasks[0].Name);
        Assert.Equal(child.CgroupPath, tasks[1].CgroupPath);
        Assert.Equal(child.RelativePath, tasks[1].TaskId);
        Assert.Equal("job", tasks[1].Name);
        Assert.Empty(tasks[0].Labels);
        Assert.Empty(tasks[0].Resources);
    }

    [Fact]
    public void Require_pids_reports_only_cgroups_with_processes()
    {
        using var busy = TestCgroup.Create();
        using var empty = TestCgroup.Create();
        busy.StartSleeper();
        var node = new StaticNode([busy.RelativePath, empty.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance, requirePids: true);

        Assert.Equal([busy.CgroupPath], node.GetTasks().Select(t => t.CgroupPath));
        empty.StartSleeper();
        Assert.Equal(2, node.GetTasks().Count);
    }

    [Fact]
    public void Require_pids_sees_a_process_join_while_the_node_polls_more_than_once_a_second()
    {
        using var cg = TestCgroup.Create();
        var node = new StaticNode([cg.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance, requirePids: true);
        Assert.Empty(node.GetTasks());

        // Joins without anybody opening cgroup.procs to read it: such a read would refresh v1's cached pid list for
        // every reader, the agent's included, and hide the staleness of a descriptor kept open.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "for d in \"$@\"; do echo $$ > \"$d/cgroup.procs\"; done; exec sleep 3600", "sh" }.Concat(cg.Directories))
            start.ArgumentList.Add(a);
        using var sleeper = Process.Start(start)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (File.ReadAllText($"/proc/{sleeper.Id}/comm").Trim() != "sleep" && DateTime.UtcNow < deadline) Thread.Sleep(10);

            var seen = false;
            for (var i = 0; i < 5 && !seen; i++)
            {
                Thread.Sleep(100);
                seen = node.GetTasks().Count == 1;
            }
            Assert.True(seen, "the task with a process was not reported within 0.5 s of polling every 0.1 s");
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void Default_and_per_task_labels_and_resources_are_copied_into_tasks()
    {
        using var cg = TestCgroup.Create();
        var node = new StaticNode([cg.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance,
            defaultLabels: new() { ["foo"] = "bar", ["app"] = "x" },
            defaultResources: new() { ["cpus"] = 1L, ["mem"] = 2.5, ["kind"] = "batch" },
            tasksLabels: new() { [cg.RelativePath] = new() { ["app"] = "mine" } });

        var task = Assert.Single(node.GetTasks());
        Assert.Equal("bar", task.Labels["foo"]);
        Assert.Equal("mine", task.Labels["app"]);
        Assert.Equal(1.0, task.Resources["cpus"]);
        Assert.Equal(2.5, task.Resources["mem"]);
        Assert.Equal("batch", task.Resources["kind"]);
    }

    [Fact]
    public void Unchanged_answers_are_the_same_list_and_a_missing_cgroup_is_warned_about_once()
    {
        using var cg = TestCgroup.Create();
        var log = new RecordingLogger();
        var node = new StaticNode([cg.RelativePath, "wca-test-missing-" + cg.Name], new CgroupFs(HostPaths.Default), log);

        var first = node.GetTasks();
        Assert.Same(first, node.GetTasks());
        Assert.Same(first, node.GetTasks());
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("There is no required cgroup", warning.Message);
        Assert.Contains("wca-test-missing-" + cg.Name, warning.Message);
    }

    [Fact]
    public void Pure_v2_checks_the_unified_tree()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.CreateCgroup("", "/app", 42);
        tree.CreateCgroup("", "/idle");
        var node = new StaticNode(["/app", "idle", "gone"], new CgroupFs(tree.Paths), NullLogger.Instance, requirePids: true);
        Assert.Equal(["/app"], node.GetTasks().Select(t => t.CgroupPath));
    }

    [Fact]
    public void Constructing_touches_no_file()
    {
        var node = new StaticNode(["x"], new CgroupFs(HostPaths.Default with { CgroupRoot = "/nonexistent/wca-test" }), NullLogger.Instance);
        Assert.Empty(node.GetTasks());
    }

    [Fact]
    public void A_vanished_cgroup_is_dropped_by_the_next_existence_check_and_a_new_one_is_seen_at_once()
    {
        var late = TestCgroup.Create();
        var lateName = late.RelativePath;
        late.Dispose(); // not there yet
        using var gone = TestCgroup.Create(); // disposed below too: Dispose is idempotent, the using covers a failure
        var node = new StaticNode([gone.RelativePath, lateName], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        Assert.Single(node.GetTasks());

        gone.Dispose();
        var calls = 1;
        while (node.GetTasks().Count > 0) Assert.True(++calls <= StaticNode.RecheckEvery + 1, $"still reported after {calls} calls");

        using var created = new DirectoriesFor(lateName, gone.Layout);
        Assert.Equal(lateName, Assert.Single(node.GetTasks()).TaskId);
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        using var a = TestCgroup.Create();
        using var b = TestCgroup.Create();
        b.StartSleeper();
        var plain = new StaticNode([a.RelativePath, b.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var withPids = new StaticNode([b.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance, requirePids: true);
        for (var i = 0; i < 3 * StaticNode.RecheckEvery; i++) { plain.GetTasks(); withPids.GetTasks(); }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3 * StaticNode.RecheckEvery; i++) { plain.GetTasks(); withPids.GetTasks(); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Creates a cgroup by name in every hierarchy (after the node was configured) and removes it.</summary>
    private sealed class DirectoriesFor : IDisposable
    {
        private readonly string[] _dirs;

        public DirectoriesFor(string relativePath, Wca.Kernel.Cgroups.CgroupLayout layout)
        {
            _dirs = [.. layout.Hierarchies.Select(h => Wca.Kernel.Cgroups.CgroupLayout.Join(h, "/" + relativePath))];
            foreach (var d in _dirs) Directory.CreateDirectory(d);
        }

        public void Dispose()
        {
            foreach (var d in _dirs) Directory.Delete(d);
        }
    }
}
