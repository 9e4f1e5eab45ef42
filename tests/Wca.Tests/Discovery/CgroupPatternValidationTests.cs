using Wca.Host;
using Wca.Host.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery;

/// <summary>A glob that cannot match is a configuration error naming the key and saying why, in the user's terms.</summary>
public sealed class CgroupPatternValidationTests
{
    private static ConfigurationException Fails(string node)
    {
        using var dir = new TestDirectory();
        var path = dir.Write("wca.yaml", $"runner: !MeasurementRunner\n  node: !CgroupNode\n{node}");
        return Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
    }

    [Theory]
    [InlineData("    patterns: ['system.slice/[a-']\n", "runner.node.patterns", "'[a-' has a '[' without its ']'")]
    [InlineData("    patterns: ['kubepods/[z-a]*']\n", "runner.node.patterns", "the range z-a, which matches nothing")]
    [InlineData("    patterns: ['x/*']\n    exclude: ['x/[b']\n", "runner.node.exclude", "'[b' has a '[' without its ']'")]
    public void An_unmatchable_glob_names_the_key_and_the_reason(string node, string key, string reason)
    {
        var e = Fails(node);
        Assert.Contains(key, e.Message);
        Assert.Contains(reason, e.Message);
        Assert.DoesNotContain("(Parameter", e.Message);
    }
}
