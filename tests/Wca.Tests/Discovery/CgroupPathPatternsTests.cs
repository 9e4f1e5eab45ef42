using Wca.Discovery;

namespace Wca.Tests.Discovery;

public sealed class CgroupPathPatternsTests
{
    private static bool Matches(string pattern, string path)
    {
        var p = new CgroupPathPatterns([pattern]);
        var state = p.Start;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            state = p.Step(state, segment);
            if (state == 0) return false;
        }
        return p.Matches(state);
    }

    [Theory]
    [InlineData("system.slice/*.service", "system.slice/cron.service", true)]
    [InlineData("system.slice/*.service", "system.slice/cron.service/child", false)]
    [InlineData("system.slice/*.service", "user.slice/cron.service", false)]
    [InlineData("kubepods*/**/pod*", "kubepods/pod1", true)]
    [InlineData("kubepods*/**/pod*", "kubepods.slice/burstable/pod1", true)]
    [InlineData("kubepods*/**/pod*", "kubepods/burstable/pod1/container", false)]
    [InlineData("docker/*", "docker", false)]
    [InlineData("**/leaf", "a/b/c/leaf", true)]
    [InlineData("**/leaf", "leaf", true)]
    [InlineData("a/**", "a", true)]
    [InlineData("a/**", "a/b/c", true)]
    public void Paths_match_patterns(string pattern, string path, bool expected) => Assert.Equal(expected, Matches(pattern, path));

    [Fact]
    public void A_branch_no_pattern_can_reach_is_pruned()
    {
        var p = new CgroupPathPatterns(["system.slice/*.service", "docker/*"]);
        Assert.Equal(0UL, p.Step(p.Start, "user.slice"));
        Assert.NotEqual(0UL, p.Step(p.Start, "docker"));
    }

    [Fact]
    public void Empty_patterns_are_refused() => Assert.Throws<ArgumentException>(() => new CgroupPathPatterns(["/"]));
}
