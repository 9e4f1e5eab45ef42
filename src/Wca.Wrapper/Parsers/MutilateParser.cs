using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// mutilate's report (memcached load generator; <c>mutilate_wrapper.pex</c>): the <c>read</c> row gives the average
/// and the 90th/95th/99th percentile read latency (µs), in scan mode (11 columns, infix <c>scan_</c>) also that row's
/// QPS, and <c>Total QPS = ...</c> prefix + <c>qps</c>.
/// </summary>
/// <remarks>
/// The output ends at the line <c>Stop-Mutilate-Now</c> or at the real end of the stream (the original never saw it,
/// §13 item 5). The original kept one fractional digit of Total QPS and ignored an integer total (§13 item 14): here the
/// whole number is read. A <c>read</c> row that is too short or not numeric gives no metric instead of a crash.
/// </remarks>
internal sealed partial class MutilateParser : IWorkloadParser
{
    private const string EndMarker = "Stop-Mutilate-Now";
    /// <summary>Columns of a scan-mode row: <c>#type avg min 1st 5th 10th 90th 95th 99th QPS target</c>.</summary>
    private const int ScanModeTokens = 11;
    private const int Qps = 0, ReadAvg = 1, ReadP90 = 2, ReadP95 = 3, ReadP99 = 4;

    private static readonly ParsedMetricSpec[] Specs =
    [
        ParsedMetricSpec.Gauge("qps", "QPS"),
        ParsedMetricSpec.Gauge("read_avg", "Average"),
        ParsedMetricSpec.Gauge("read_p90", "90th percentile of read latency"),
        ParsedMetricSpec.Gauge("read_p95", "95th percentile of read latency"),
        ParsedMetricSpec.Gauge("read_p99", "99th percentile of read latency"),
    ];

    private readonly PrefixedDescriptors _descriptors = new(Specs);
    private readonly PrefixedDescriptors _scanDescriptors = new([.. Specs.Select(s => s with { Suffix = "scan_" + s.Suffix })]);

    [GeneratedRegex(@"Total QPS = ([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex TotalQpsField();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine(EndMarker);
        if (line is null) return false;
        if (line.Contains("read", StringComparison.Ordinal)) AddReadRow(line, arguments, batch);
        if (line.Contains("Total QPS", StringComparison.Ordinal))
        {
            var match = TotalQpsField().Match(line);
            if (match.Success && PythonFloat.TryParse(match.Groups[1].ValueSpan, out var qps))
                batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[Qps], qps, arguments.Labels));
        }
        return true;
    }

    private void AddReadRow(string line, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        // Tokens as Python's str.split(): runs of whitespace separate, none are empty. The original indexes them from
        // the start of the line, wherever the "read" token is.
        Span<Range> tokens = stackalloc Range[ScanModeTokens + 1];
        var count = 0;
        var isReadRow = false;
        var text = line.AsSpan();
        for (var i = 0; i < text.Length;)
        {
            while (i < text.Length && PythonFloat.IsWhitespace(text[i])) i++;
            if (i == text.Length) break;
            var start = i;
            while (i < text.Length && !PythonFloat.IsWhitespace(text[i])) i++;
            if (text[start..i].SequenceEqual("read")) isReadRow = true;
            if (count < tokens.Length) tokens[count] = start..i;
            count++;
        }
        if (!isReadRow || count < 9) return;

        var scanMode = count == ScanModeTokens;
        var descriptors = (scanMode ? _scanDescriptors : _descriptors).For(arguments.MetricNamePrefix);
        // Q mode: #type avg std min 5th 10th 90th 95th 99th; scan mode puts 90th/95th/99th at the same positions.
        Span<double> values = stackalloc double[5];
        if ((scanMode && !PythonFloat.TryParse(text[tokens[9]], out values[Qps]))
            || !PythonFloat.TryParse(text[tokens[1]], out values[ReadAvg])
            || !PythonFloat.TryParse(text[tokens[6]], out values[ReadP90])
            || !PythonFloat.TryParse(text[tokens[7]], out values[ReadP95])
            || !PythonFloat.TryParse(text[tokens[8]], out values[ReadP99]))
            return;
        for (var metric = scanMode ? Qps : ReadAvg; metric <= ReadP99; metric++)
            batch.Add(new Metric(descriptors[metric], values[metric], arguments.Labels));
    }
}
