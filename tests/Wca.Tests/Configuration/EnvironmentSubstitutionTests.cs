using Wca.Host.Configuration;

namespace Wca.Tests.Configuration;

public sealed class EnvironmentSubstitutionTests
{
    private static readonly Dictionary<string, string> Env = new() { ["HOST"] = "node1", ["PORT"] = "9092" };

    private static string? Substitute(string text, out string? error) =>
        EnvironmentSubstitution.Substitute(text, name => Env.GetValueOrDefault(name), out error);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${HOST}:${PORT}", "node1:9092")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("$${HOST}", "${HOST}")]
    [InlineData("${ZONE:-eu-1}", "eu-1")]
    [InlineData("${HOST:-other}", "node1")]
    public void ReplacesReferences(string text, string expected)
    {
        Assert.Equal(expected, Substitute(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("${MISSING}", "environment variable 'MISSING' is not set")]
    [InlineData("${HOST", "unterminated '${'")]
    [InlineData("${1A}", "is not a valid environment variable reference")]
    public void ReportsWhatIsWrong(string text, string expected)
    {
        Assert.Null(Substitute(text, out var error));
        Assert.Contains(expected, error);
    }
}
