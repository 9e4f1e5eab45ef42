using Wca.Host.Cli;

namespace Wca.Tests.Cli;

public sealed class AgentExecutableTests
{
    [Theory]
    [InlineData("/usr/local/bin/wca", "/usr/local/bin/")]
    [InlineData("/opt/wca/wca-jit", "/opt/wca")]
    [InlineData("/repo/src/Wca/bin/Release/net10.0/wca", "/repo/src/Wca/bin/Release/net10.0/")]
    public void The_agents_own_executable_is_named(string processPath, string appDirectory)
    {
        Assert.Equal(processPath, AgentExecutable.ForSetcapHint(processPath, appDirectory));
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet", "/repo/src/Wca/bin/Release/net10.0/")]
    [InlineData("/usr/lib/dotnet/dotnet", "/usr/lib/dotnet/")]
    [InlineData("/usr/bin/other-host", "/opt/wca/")]
    [InlineData(null, "/opt/wca/")]
    public void A_shared_host_is_never_named(string? processPath, string appDirectory)
    {
        var named = AgentExecutable.ForSetcapHint(processPath, appDirectory);
        Assert.Equal("<the single-file wca from `make dist`, not the shared dotnet host>", named);
        Assert.DoesNotContain("/dotnet", named);
    }
}
