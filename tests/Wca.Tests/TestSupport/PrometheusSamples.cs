using System.Globalization;
using System.Text.RegularExpressions;

namespace Wca.Tests.TestSupport;

/// <summary>One sample line of Prometheus text: name, labels, value, optional timestamp.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? Timestamp)
{
    public string? this[string label] => Labels.TryGetValue(label, out var v) ? v : null;
}

/// <summary>Reads back what the agent wrote (after promtool has accepted it), to assert on values.</summary>
public static partial class PrometheusSamples
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( (?<ts>-?\d+))?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException("not a sample line: " + line);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match pair in LabelPair().Matches(m.Groups["labels"].Value))
                labels[pair.Groups["key"].Value] = Regex.Unescape(pair.Groups["value"].Value);
            samples.Add(new PrometheusSample(m.Groups["name"].Value, labels,
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture),
                m.Groups["ts"].Success ? long.Parse(m.Groups["ts"].Value, CultureInfo.InvariantCulture) : null));
        }
        return samples;
    }

    /// <summary>The packages of an append-mode file with timestamps, oldest first (one timestamp per package).</summary>
    public static IReadOnlyList<IReadOnlyList<PrometheusSample>> Packages(string text) =>
        Parse(text).GroupBy(s => s.Timestamp ?? throw new FormatException("sample without timestamp: " + s.Name))
            .OrderBy(g => g.Key).Select(g => (IReadOnlyList<PrometheusSample>)g.ToList()).ToList();
}
