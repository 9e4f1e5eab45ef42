using System.Diagnostics;
using System.Text;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

/// <summary>Hostile and broken configuration files: each is a clear error, quickly and in little memory.</summary>
public sealed class HostileConfigurationTests : IDisposable
{
    private const long MaxBytes = 50L * 1024 * 1024;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);

    private readonly TestDirectory _dir = new();
    private readonly ComponentRegistry _registry = BuiltInComponents.CreateRegistry();
    private readonly AgentServices _services = AgentServices.ForTests(new HostPaths("/p", "/s", "/c", "/r"));

    public void Dispose() => _dir.Dispose();

    private string File(string text) => _dir.Write("config.yaml", text);

    private string FileBytes(byte[] bytes)
    {
        var path = _dir.File("config.yaml");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private AgentConfiguration Load(string path) => ConfigurationLoader.Load(path, _registry, _services, _ => null);

    private ConfigurationException Fails(string text) => Assert.Throws<ConfigurationException>(() => Load(File(text)));

    /// <summary>Loads <paramref name="path"/> once to warm up, then measures a second load: time and bytes allocated.</summary>
    private ConfigurationException FailsBounded(string path)
    {
        Assert.Throws<ConfigurationException>(() => Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ConfigurationException>(() => Load(path));
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(clock.Elapsed < MaxTime, $"took {clock.Elapsed}: {e.Message}");
        Assert.True(allocated < MaxBytes, $"allocated {allocated:N0} bytes: {e.Message}");
        Assert.True(e.Message.Length <= 1000, $"message of {e.Message.Length} characters");
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void DeeplyNestedDocumentIsRejectedAtTheDepthLimit(string open, string close)
    {
        var text = "runner: " + string.Concat(Enumerable.Repeat(open, 25_000)) + "1" + string.Concat(Enumerable.Repeat(close, 25_000)) + "\n";
        if (open == "- ") text = "runner:\n" + string.Concat(Enumerable.Range(0, 1_200).Select(i => new string(' ', i) + "-\n"));
        var e = FailsBounded(File(text));
        Assert.Contains("nested more than 64 levels deep (the limit of a configuration file)", e.Message);
        var line = open == "- " ? 65 : 1; // runner is level 1, so the 64th dash (line 65) is the 65th level
        Assert.Equal(line, e.Line);
        Assert.Contains($"line {line}, column", e.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void AliasBombIsRejectedAtTheExpansionLimit(int levels)
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels; i++)
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        var text = "runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n  extra_labels:\n"
            + string.Concat(yaml.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n"));
        var e = FailsBounded(File(text));
        Assert.Contains("aliases expand to more than the limit of 100,000 values", e.Message);
        Assert.Contains("is this an alias bomb?", e.Message);
        Assert.True(e.Line >= 4, e.Message);
    }

    [Fact]
    public void AliasesWithinTheLimitStillShareTheirValue()
    {
        var text = "runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n  extra_labels: {x: &v y, z: *v}\n";
        var runner = Assert.IsType<MeasurementRunner>(Load(File(text)).Runner);
        Assert.Equal("y", runner.ExtraLabels["x"]);
        Assert.Equal("y", runner.ExtraLabels["z"]);
    }

    [Fact]
    public void HugeScalarIsRejectedByTheFileSizeLimitNamingTheLine()
    {
        var text = "runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [" + new string('x', 8 * 1024 * 1024) + "]\n";
        var e = FailsBounded(File(text));
        Assert.Contains("more than the limit of 1,048,576 bytes for a configuration file", e.Message);
        Assert.Contains("its longest line, line 3,", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void LongValueInsideTheSizeLimitGivesAShortMessageKeepingItsEnd()
    {
        var tag = new string('T', 500_000);
        var e = FailsBounded(File($"runner: !MeasurementRunner\n  node: !{tag} {{tasks: []}}\n"));
        Assert.Contains("unknown tag '!TTTT", e.Message);
        Assert.Contains("characters left out", e.Message);
        Assert.Contains("Registered tags: ", e.Message);
        Assert.Matches(@", !\w+$", e.Message); // the end of the list of registered tags is kept
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("0xFFFFFFFFFFFFFFFFFF")]
    [InlineData("0o7777777777777777777777777")]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public void OutOfRangeNumberIsAnErrorNamingTheKey(string literal)
    {
        var e = Fails($"runner: !MeasurementRunner\n  node: !StaticNode {{tasks: []}}\n  interval: {literal}\n");
        Assert.Equal("runner.interval", e.YamlPath);
        Assert.Contains($"at 'runner.interval': the number {literal} is out of range: expected a number for 'interval'", e.Message);
        Assert.Equal((3, 13), (e.Line, e.Column));
    }

    [Fact]
    public void OutOfRangeNumberIsAnErrorInUntypedValuesToo()
    {
        var e = Fails("runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n    default_resources: {cpus: 0xFFFFFFFFFFFFFFFFFF}\n");
        Assert.Contains("at 'runner.node.default_resources.cpus': the number 0xFFFFFFFFFFFFFFFFFF is out of range", e.Message);
    }

    [Fact]
    public void InfinityWrittenAsSuchIsStillANumber()
    {
        var e = Fails("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n  interval: .inf\n");
        Assert.Contains("Maximum value is 60. Got Infinity.", e.Message);
        Assert.DoesNotContain("out of range", e.Message);
    }

    [Fact]
    public void RangeMessageSaysTheLimitOnce()
    {
        var e = Fails("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n  interval: 61\n");
        Assert.EndsWith("at 'runner.interval': Maximum value is 60. Got 61.", e.Message);
    }

    [Theory]
    [InlineData("1abc", "'1abc' does not start with a letter or '_'.")]
    [InlineData("a.b", "'a.b' contains '.': a label name has only letters, digits and '_'.")]
    [InlineData("a:b", "'a:b' contains ':': a label name has only letters, digits and '_'.")]
    [InlineData(" ", "' ' does not start with a letter or '_'.")]
    [InlineData("a b", "'a b' contains ' ': a label name has only letters, digits and '_'.")]
    [InlineData("__x", "'__x' starts with '__', which Prometheus reserves for its own labels.")]
    [InlineData("", "A label name cannot be empty.")]
    public void InvalidLabelNamesAreRejectedAtLoadWithTheirPath(string name, string problem)
    {
        var quoted = $"'{name}'";
        var e = Fails($"runner: !MeasurementRunner\n  node: !StaticNode {{tasks: []}}\n  extra_labels: {{{quoted}: v}}\n");
        Assert.Equal($"runner.extra_labels.{name}", e.YamlPath);
        Assert.Contains("expected a label name (a letter or '_', then letters, digits or '_'; not starting with '__')", e.Message);
        Assert.EndsWith(problem, e.Message);

        e = Fails($"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [t]\n    default_labels: {{{quoted}: v}}\n");
        Assert.Equal($"runner.node.default_labels.{name}", e.YamlPath);
        Assert.EndsWith(problem, e.Message);

        e = Fails($"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [t]\n    tasks_labels: {{t: {{ok: v, {quoted}: v}}}}\n");
        Assert.Equal("runner.node.tasks_labels.t", e.YamlPath);
        Assert.Contains("found a mapping with keys ok, ", e.Message);
        Assert.EndsWith(problem, e.Message);

        e = Fails($"runner: !MeasurementRunner\n  node: !CgroupNode\n    patterns: ['/x']\n    default_labels: {{{quoted}: v}}\n");
        Assert.Equal($"runner.node.default_labels.{name}", e.YamlPath);
        Assert.EndsWith(problem, e.Message);
    }

    [Fact]
    public void ValidLabelNamesLoad()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load(File(
            "runner: !MeasurementRunner\n  node: !StaticNode {tasks: [t], default_labels: {_a: x}, tasks_labels: {t: {B9: y}}}\n  extra_labels: {env: prod, Zone_1: a}\n")).Runner);
        Assert.Equal("prod", runner.ExtraLabels["env"]);
        Assert.Equal("a", runner.ExtraLabels["Zone_1"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("function")]
    [InlineData("numa_node")]
    [InlineData("module")]
    [InlineData("stage")]
    [InlineData("component")]
    [InlineData("generation")]
    [InlineData("resource")]
    [InlineData("kind")]
    [InlineData("task_id")]
    public void ExtraLabelsCollidingWithTheAgentsOwnLabelsAreRejected(string label)
    {
        var e = Fails($"runner: !MeasurementRunner\n  node: !StaticNode {{tasks: []}}\n  extra_labels: {{env: prod, {label}: x}}\n");
        Assert.Equal($"runner.extra_labels.{label}", e.YamlPath);
        Assert.Contains($"'{label}' is a label the agent sets itself (its own labels: ", e.Message);
        Assert.Contains("choose another name", e.Message);
    }

    [Fact]
    public void AgentLabelsComeFromTheCatalogue()
    {
        foreach (var entry in Wca.Measurement.Catalog.MetricCatalog.All)
            foreach (var level in entry.Levels)
                foreach (var label in level.Split(',', StringSplitOptions.TrimEntries))
                    Assert.Contains(label, NotAgentLabelAttribute.AgentLabels);
        Assert.DoesNotContain("host", NotAgentLabelAttribute.AgentLabels);
    }

    [Fact]
    public void InvalidUtf8IsReportedWhereItIs()
    {
        var bytes = Encoding.UTF8.GetBytes("runner: !MeasurementRunner\n  node: !StaticNode {tasks: [ab")
            .Append((byte)0xC3).Append((byte)0x28).Concat(Encoding.UTF8.GetBytes("]}\n")).ToArray();
        var path = FileBytes(bytes);
        var e = FailsBounded(path);
        Assert.Contains("line 2, column 32: invalid UTF-8 at byte offset 58 (byte 0xC3): the file must be UTF-8 text", e.Message);
        Assert.Equal((2, 32), (e.Line, e.Column));
    }

    [Fact]
    public void Utf16FileIsNamedAsSuch()
    {
        var e = FailsBounded(FileBytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("runner: 1\n")).ToArray()));
        Assert.Contains("the file is UTF-16 encoded: save it as UTF-8", e.Message);
    }

    [Fact]
    public void Utf8ByteOrderMarkIsAccepted()
    {
        var path = FileBytes(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n")).ToArray());
        Assert.IsType<MeasurementRunner>(Load(path).Runner);
    }

    [Fact]
    public void ControlAndInvisibleCharactersAreEscapedInMessages()
    {
        var e = Fails("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n  \"in\\tter\\u200bval\\u0007\": 1\n");
        Assert.Contains(@"unknown key 'in\tter\u200bval\u0007'", e.Message);
        Assert.DoesNotContain('\t', e.Message);
        Assert.DoesNotContain('\u200b', e.Message);
        Assert.DoesNotContain('\u0007', e.Message);
    }

    [Fact]
    public void TabIsReportedAtItsRealLineAndColumn()
    {
        var e = Fails("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n\tinterval: 5\n");
        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("line 3, column 1: malformed YAML: a tab character indents this line: YAML indents with spaces only", e.Message);

        e = Fails("runner: !MeasurementRunner\n  node: !StaticNode\n    tasks:\n  \t- a\n");
        Assert.Equal((4, 3), (e.Line, e.Column));
        Assert.Contains("a tab character indents this line", e.Message);
    }

    [Theory]
    [InlineData("runner: !MeasurementRunner\n  node: !StaticNode {tasks: []}\n interval: 5\n", 3,
        "this line does not continue the mapping above it: check its indentation")]
    [InlineData("runner: !MeasurementRunner\n  node: [1,\n  interval: 5\n", 0, "look for an unclosed '[', '{' or quote")]
    [InlineData("runner: 'abc\n  interval: 5\n", 0, "a quoted string is not closed before the end of the file")]
    [InlineData("runner: a: b\n", 1, "': ' cannot start a mapping here")]
    [InlineData("runner: {a: 1 b: 2]\n", 1, "expected ',' or '}' in this {...} mapping")]
    public void MalformedYamlIsExplainedInTheUsersTerms(string text, int line, string explanation)
    {
        var e = Fails(text);
        Assert.Contains("malformed YAML: ", e.Message);
        Assert.Contains(explanation, e.Message);
        if (line > 0) Assert.Equal(line, e.Line);
        foreach (var jargon in new[] { "Exception", "Operation is not valid", "While parsing", "While scanning", "MappingEnd", "Scalar" })
            Assert.DoesNotContain(jargon, e.Message);
    }
}
