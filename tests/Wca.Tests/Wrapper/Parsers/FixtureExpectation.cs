using System.Text.Json;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>
/// One <c>fixtures/wrapper/expected/*.expected.json</c> of the reference (wrapper.md §12): the parser and its arguments,
/// how many parse calls the reference made, how it ended and every non-empty batch.
/// </summary>
public sealed record FixtureExpectation(
    string File,
    string Fixture,
    string Parser,
    string? Regexp,
    string? Separator,
    IReadOnlyDictionary<string, string> Labels,
    string MetricNamePrefix,
    int ParseCalls,
    bool EndOfStreamSignalled,
    IReadOnlyList<IReadOnlyList<ExpectedMetric>> Batches)
{
    public static string Folder => Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "reference", "fixtures", "wrapper"));

    public string FixturePath => Path.Combine(Folder, Fixture);

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(Folder, "expected"), "*.expected.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static FixtureExpectation Load(string file)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, "expected", file)));
        var root = json.RootElement;
        var arguments = root.GetProperty("arguments");
        var ending = root.GetProperty("ending").GetString()!;
        return new FixtureExpectation(
            file,
            root.GetProperty("fixture").GetString()!,
            root.GetProperty("parser").GetString()!,
            arguments.GetProperty("regexp").GetString(),
            arguments.GetProperty("separator").GetString(),
            ReadLabels(arguments.GetProperty("labels")),
            arguments.GetProperty("metric_name_prefix").GetString()!,
            root.GetProperty("parse_calls").GetInt32(),
            ending.StartsWith("end-of-stream signalled", StringComparison.Ordinal),
            [.. root.GetProperty("non_empty_batches").EnumerateArray().Select(b => (IReadOnlyList<ExpectedMetric>)[.. b.EnumerateArray().Select(Metric)])]);
    }

    private static ExpectedMetric Metric(JsonElement m) => new(
        m.GetProperty("name").GetString()!,
        m.GetProperty("value").GetDouble(),
        m.GetProperty("value").GetRawText(),
        m.GetProperty("value_kind").GetString()!,
        ReadLabels(m.GetProperty("labels")),
        m.GetProperty("type").GetString(),
        m.GetProperty("help").GetString());

    private static Dictionary<string, string> ReadLabels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    public override string ToString() => File;
}

/// <summary>
/// One metric of an expected batch: value_kind is <c>int</c> or <c>float</c>, type and help null when absent. The value's
/// JSON text is Python's repr of it (the reference wrote the JSON with Python), which its text format also printed.
/// </summary>
public sealed record ExpectedMetric(string Name, double Value, string ValueText, string ValueKind, IReadOnlyDictionary<string, string> Labels, string? Type, string? Help);
