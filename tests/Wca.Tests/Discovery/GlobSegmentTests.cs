using Wca.Discovery;

namespace Wca.Tests.Discovery;

public sealed class GlobSegmentTests
{
    [Theory]
    [InlineData("*.service", "sshd.service", true)]
    [InlineData("*.service", "sshd.socket", false)]
    [InlineData("pod*", "pod1234", true)]
    [InlineData("pod*", "xpod", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("task[0-9]", "task7", true)]
    [InlineData("task[0-9]", "taskx", false)]
    [InlineData("task[!0-9]", "taskx", true)]
    [InlineData("[ab]*[yz]", "b-middle-z", true)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "xxbxxaxx", false)]
    [InlineData("[unclosed", "[unclosed", true)]
    [InlineData("exact", "exact", true)]
    public void Matches_like_the_shell(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobSegment.IsMatch(pattern, name));
}
