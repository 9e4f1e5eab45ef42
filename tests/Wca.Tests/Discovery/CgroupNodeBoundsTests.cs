using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery;

/// <summary>CgroupNode never leaves the cgroup root and stops promptly when the agent stops.</summary>
public sealed class CgroupNodeBoundsTests
{
    private static CgroupNode Node(List<string> patterns, HostPaths paths, string? hierarchy = null, List<string>? exclude = null, bool requirePids = false) =>
        new(patterns, new CgroupFs(paths), NullLogger.Instance, hierarchy, maxDepth: 8, requirePids, exclude);

    [Fact]
    public void A_hierarchy_leaving_the_cgroup_root_is_a_configuration_error_naming_the_key()
    {
        using var dir = new TestDirectory();
        var file = dir.Write("config.yaml", """
            runner: !MeasurementRunner
              node: !CgroupNode
                patterns: ['**']
                hierarchy: '../../..'
            """);
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(file, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal("runner.node.hierarchy", e.YamlPath);
        Assert.Equal(4, e.Line);
        Assert.Contains("!CgroupNode rejected 'hierarchy': '../../..' is not a directory of the cgroup root: give one mount's name", e.Message);
    }

    [Theory]
    [InlineData("..", "hierarchy")]
    [InlineData(".", "hierarchy")]
    [InlineData("cpu/../..", "hierarchy")]
    [InlineData("", "hierarchy")]
    public void Hierarchy_is_one_directory_name(string hierarchy, string key)
    {
        var e = Assert.Throws<ArgumentException>(() => Node(["*"], HostPaths.Default, hierarchy));
        Assert.Equal(key, e.ParamName);
        Assert.StartsWith($"'{hierarchy}' is not a directory of the cgroup root", e.Message);
    }

    [Fact]
    public void Patterns_and_excludes_with_dot_dot_segments_are_rejected_naming_the_key()
    {
        var pattern = Assert.Throws<ArgumentException>(() => Node(["ok/*", "../../**"], HostPaths.Default));
        Assert.Equal("patterns", pattern.ParamName);
        Assert.StartsWith("'../../**' leaves the cgroup hierarchy: patterns are paths below its root", pattern.Message);

        var exclude = Assert.Throws<ArgumentException>(() => Node(["**"], HostPaths.Default, exclude: ["a/./b"]));
        Assert.Equal("exclude", exclude.ParamName);
    }

    [Fact]
    public void The_walk_follows_no_symbolic_link()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.CreateCgroup("", "/app/real");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "app", "to-root"), "/");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "app", "loop"), tree.Root);
        using var node = Node(["**"], tree.Paths);

        Assert.Equal(["app", "app/real"], node.GetTasks().Select(t => t.TaskId));
    }

    [Fact]
    public void A_walk_over_a_huge_tree_throws_OperationCanceledException_promptly_when_the_token_is_cancelled()
    {
        using var tree = CgroupFixtureTree.PureV2();
        // 30 x 30 x 10 = 9,000 cgroups (9,930 directories) without processes: with require_pids a whole walk reads
        // every cgroup.procs below each directory, far longer than the cancellation delay.
        for (var a = 0; a < 30; a++)
        for (var b = 0; b < 30; b++)
        for (var c = 0; c < 10; c++)
            Directory.CreateDirectory(Path.Combine(tree.Root, $"a{a}", $"b{b}", $"c{c}"));
        using var node = Node(["**"], tree.Paths, requirePids: true);
        using var stop = new CancellationTokenSource();
        long cancelledAt = 0;
        // A dedicated thread, not a thread-pool timer: a busy pool must not delay the cancellation past the walk.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(20);
            cancelledAt = Stopwatch.GetTimestamp();
            stop.Cancel();
        });
        canceller.Start();

        Assert.Throws<OperationCanceledException>(() => node.GetTasks(stop.Token));

        var afterCancel = Stopwatch.GetElapsedTime(cancelledAt);
        canceller.Join();
        Assert.True(afterCancel < TimeSpan.FromMilliseconds(200), $"stopped {afterCancel.TotalMilliseconds:F0} ms after the cancellation");
        // A cancelled walk leaves the node usable: the next call walks the whole tree (and shows the test cancelled early).
        var clock = Stopwatch.StartNew();
        Assert.Empty(node.GetTasks());
        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(100), $"a whole walk took only {clock.Elapsed.TotalMilliseconds:F0} ms: the test cancels too late to show anything");
    }

    [Fact]
    public void An_already_cancelled_token_throws_before_any_file_is_touched()
    {
        using var node = Node(["*"], HostPaths.Default with { CgroupRoot = "/nonexistent/wca-test" });
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.Throws<OperationCanceledException>(() => node.GetTasks(stop.Token));
    }
}
