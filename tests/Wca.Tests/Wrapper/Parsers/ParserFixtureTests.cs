using System.Buffers;
using System.Text;
using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Tests.TestSupport;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>
/// Every recorded workload output of the reference (fixtures/wrapper, wrapper.md §12) through its built-in parser: the
/// same number of parse calls, the same ending and every non-empty batch field by field (name, value and whether it is
/// an integer, labels, type, help), and each batch as the agent's Prometheus text passes <c>promtool check metrics</c>.
/// </summary>
public sealed class ParserFixtureTests
{
    private const long Timestamp = 1546433537000;

    public static TheoryData<string> Expectations() => [.. FixtureExpectation.Files()];

    [Fact]
    public void Every_fixture_has_an_expectation_and_every_parser_a_fixture()
    {
        var expectations = FixtureExpectation.Files().Select(FixtureExpectation.Load).ToArray();
        Assert.Equal(15, expectations.Length);
        var named = expectations.Select(e => ParserName(e.Parser)).ToHashSet(StringComparer.Ordinal);
        // The example parser has no fixture (it ignores its input in the reference): ParserEdgeCaseTests covers it.
        var builtIn = BuiltInWorkloadParsers.All.Select(p => p.Name).Where(n => n != "example_workload");
        Assert.All(builtIn, name => Assert.Contains(name, named));
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void A_fixture_gives_the_reference_batches(string file)
    {
        var expected = FixtureExpectation.Load(file);
        var batches = Run(expected);

        Assert.Equal(expected.Batches.Count, batches.Count);
        for (var b = 0; b < batches.Count; b++)
        {
            Assert.Equal(expected.Batches[b].Count, batches[b].Count);
            for (var m = 0; m < batches[b].Count; m++)
                AssertSame(expected.Batches[b][m], batches[b][m], $"{file} batch {b} metric {m}");
        }
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void A_fixture_gives_the_reference_prometheus_text_and_promtool_accepts_it(string file)
    {
        var expected = FixtureExpectation.Load(file);
        var batches = Run(expected);
        for (var b = 0; b < batches.Count; b++)
        {
            // As the wrapper stores a batch: the agent's writer in the wrapper's mid-2019 dialect.
            var package = MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.FromUnixTimeMilliseconds(Timestamp), batches[b]);
            var output = new ArrayBufferWriter<byte>();
            new PrometheusTextWriter { WrapperDialect = true }.Write(package, includeTimestamp: true, output);
            var text = Encoding.UTF8.GetString(output.WrittenSpan);
            Promtool.AssertParses(text);
            foreach (var metric in expected.Batches[b])
            {
                var labels = metric.Labels.Count == 0 ? ""
                    : "{" + string.Join(",", metric.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
                Assert.Contains($"\n{metric.Name}{labels} {metric.ValueText} {Timestamp}\n", "\n" + text);
                if (metric.Help is { } help) Assert.Contains($"# HELP {metric.Name} {help}\n", text);
                if (metric.Type is { } type) Assert.Contains($"# TYPE {metric.Name} {type}\n", text);
                else Assert.DoesNotContain($"# TYPE {metric.Name} ", text);
            }
        }
    }

    /// <summary>
    /// Drives the parser as the reference's driver did (§12). Where the reference parser never saw the end of its input
    /// (a custom end marker, §13 item 5) the call after the last line must now end: the deliberate fix.
    /// </summary>
    internal static List<List<Metric>> Run(FixtureExpectation expected)
    {
        var entry = BuiltInWorkloadParsers.All.Single(p => p.Name == ParserName(expected.Parser));
        var parser = entry.Create();
        var arguments = new WorkloadParserArguments
        {
            Regexp = expected.Regexp ?? WorkloadParserArguments.DefaultRegexp,
            Separator = expected.Separator,
            Labels = LabelSet.From(expected.Labels),
            MetricNamePrefix = expected.MetricNamePrefix,
        };
        using var output = WorkloadOutputs.FromFile(expected.FixturePath);
        var batches = new List<List<Metric>>();
        for (var call = 1; call <= expected.ParseCalls; call++)
        {
            var batch = new List<Metric>();
            var more = parser.Parse(output.Reader, arguments, batch);
            if (expected.EndOfStreamSignalled && call == expected.ParseCalls)
            {
                Assert.False(more, $"{expected.File}: call {call} should signal the end of the stream");
                return batches;
            }
            Assert.True(more, $"{expected.File}: call {call} signalled the end early");
            if (batch.Count > 0) batches.Add(batch);
        }
        var after = new List<Metric>();
        Assert.False(parser.Parse(output.Reader, arguments, after), $"{expected.File}: the real end of the stream must end the parser");
        Assert.Empty(after);
        return batches;
    }

    internal static string ParserName(string referenceName) =>
        referenceName == "default_parse" ? "default" : referenceName["parser_".Length..];

    private static void AssertSame(ExpectedMetric expected, Metric actual, string where)
    {
        Assert.True(expected.Name == actual.Name, $"{where}: name {actual.Name}, expected {expected.Name}");
        Assert.True(expected.Value.Equals(actual.Value), $"{where}: {actual.Name} = {actual.Value:R}, expected {expected.Value:R}");
        // The agent's model keeps every value as a double; an integer of the reference is a whole number here.
        if (expected.ValueKind == "int") Assert.True(actual.Value == Math.Floor(actual.Value), $"{where}: {actual.Name} is not an integer");
        Assert.Equal(expected.Labels.OrderBy(l => l.Key, StringComparer.Ordinal), actual.Labels.AsEnumerable());
        Assert.Equal(expected.Type switch { "gauge" => MetricType.Gauge, "counter" => MetricType.Counter, null => MetricType.Untyped, var t => throw new InvalidDataException(t) }, actual.Type);
        Assert.Equal(expected.Help, actual.Descriptor.Help);
    }
}
