using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Compatibility;

/// <summary>
/// A key whose values are names or patterns takes YAML strings only: <c>patterns: [1]</c> used to become the pattern
/// "1" silently. Label values stay lenient, as in the original's final release (<c>extra_labels: {k: 1}</c> is "1").
/// </summary>
public sealed class YamlStringKeysTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly ComponentRegistry _registry = BuiltInComponents.CreateRegistry();
    private readonly AgentServices _services = AgentServices.ForTests(new HostPaths("/p", "/s", "/c", "/r"));

    public void Dispose() => _dir.Dispose();

    private AgentConfiguration Load(string text, Func<string, string?>? env = null) =>
        ConfigurationLoader.Load(_dir.Write("config.yaml", text), _registry, _services, env ?? (_ => null));

    [Theory]
    [InlineData("patterns: [1]", "runner.node.patterns[0]", "1 (an integer)", 3)]
    [InlineData("patterns: ['/a', 2.5]", "runner.node.patterns[1]", "2.5 (a number)", 3)]
    [InlineData("patterns:\n      - /a\n      - true", "runner.node.patterns[1]", "true (a boolean)", 5)]
    [InlineData("patterns: ['/a']\n    exclude: [0x1F]", "runner.node.exclude[0]", "0x1F (an integer)", 4)]
    [InlineData("patterns: ['/a']\n    exclude: ['/b', false]", "runner.node.exclude[1]", "false (a boolean)", 4)]
    public void A_plain_number_or_boolean_in_patterns_or_exclude_is_rejected(string keys, string yamlPath, string found, int line)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load($"runner: !MeasurementRunner\n  node: !CgroupNode\n    {keys}\n"));
        Assert.Equal(yamlPath, e.YamlPath);
        Assert.Equal(line, e.Line);
        Assert.StartsWith(Path.Combine(_dir.Path, "config.yaml"), e.Message);
        Assert.Contains(yamlPath, e.Message);
        Assert.Contains("expected a string (quote it: '", e.Message);
        Assert.EndsWith($"found {found}", e.Message);
    }

    [Fact]
    public void Quoted_numbers_and_env_values_in_patterns_load()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load(
            "runner: !MeasurementRunner\n  node: !CgroupNode\n    patterns: ['1', \"2\", !Env PATTERN]\n    exclude: ['3']\n",
            name => name == "PATTERN" ? "42" : null).Runner);
        Assert.IsType<CgroupNode>(runner.Node);
    }

    [Fact]
    public void Unquoted_label_values_still_load_as_text()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load(
            "runner: !MeasurementRunner\n  node: !CgroupNode\n    patterns: ['/a']\n    default_labels: {tier: 1}\n  extra_labels: {rack: 7, spare: true, ratio: 0.5}\n").Runner);
        Assert.Equal("7", runner.ExtraLabels["rack"]);
        Assert.Equal("true", runner.ExtraLabels["spare"]);
        Assert.Equal("0.5", runner.ExtraLabels["ratio"]);
    }
}
