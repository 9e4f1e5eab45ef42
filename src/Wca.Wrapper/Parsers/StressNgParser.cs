using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// stress-ng with Intel's APM patch (<c>stress_ng_wrapper.pex</c>): each monitor line
/// <c>stress-ng: info:  [id] Time t, counter=n</c> gives the counter prefix + <c>bogo_ops_counter</c> (an integer) with
/// the label <c>id_proc_stress_ng</c>, and the <c>--metrics</c> summary row the six summary gauges.
/// </summary>
/// <remarks>
/// The original added <c>id_proc_stress_ng</c> to the shared label dictionary, so every later metric of the run (the
/// summary, SLI and load) carried the last process id seen (§13 item 10): here only the counter has it. The end marker
/// <c>...</c> (stress-ng's YAML document end) is kept; the real end of the stream also ends (§13 item 5).
/// </remarks>
internal sealed partial class StressNgParser : IWorkloadParser
{
    private const string EndMarker = "...";
    private const string ProcessIdLabel = "id_proc_stress_ng";
    private const int SummaryFields = 6;
    /// <summary>Label sets per process id are kept (a run has a few stressor processes); past this many, made anew.</summary>
    private const int MaxCachedProcessIds = 1024;

    private readonly PrefixedDescriptors _summary = new(
        ParsedMetricSpec.Gauge("bogo_ops", "Summary bogo ops"),
        ParsedMetricSpec.Gauge("real_time", "Summary real_time (secs)"),
        ParsedMetricSpec.Gauge("user_time", "Summary user_time (secs)"),
        ParsedMetricSpec.Gauge("system_time", "Summary system_time (secs)"),
        ParsedMetricSpec.Gauge("bogo_ops_per_second_real_time", "Summary bogo ops/s real time"),
        ParsedMetricSpec.Gauge("bogo_ops_per_second_usr_sys_time", "Summary bogo ops/s usr+sys time"));

    private readonly PrefixedDescriptors _counter = new(
        new ParsedMetricSpec("bogo_ops_counter", MetricType.Counter, "Counter bogo ops per proc stress-ng, updated per 1 sec"));

    private readonly Dictionary<string, LabelSet> _processLabels = new(StringComparer.Ordinal);
    private LabelSet? _processLabelsBase;

    // '.' is any character, as in the original: "2250      6.01" reads 2250 and 6.01.
    [GeneratedRegex(@"(?<bogo_ops>\d+.\d*) +(?<real_time>\d+.\d*) +(?<user_time>\d+.\d*) +(?<system_time>\d+.\d*) +(?<bogo_ops_per_second_real_time>\d+.\d*) +(?<bogo_ops_per_second_usr_sys_time>\d+.\d*)")]
    private static partial Regex SummaryRow();

    [GeneratedRegex(@"stress-ng: info: {2}\[(?<id>\d*)\]+ Time (?<time>\d*), counter=(?<counter>\d*)")]
    private static partial Regex CounterLine();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine(EndMarker);
        if (line is null) return false;
        AddSummary(line, arguments, batch);
        AddCounter(line, arguments, batch);
        return true;
    }

    private void AddSummary(string line, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        // Six numbers need at least five spaces between digits; most lines fail IsMatch without allocating.
        if (!SummaryRow().IsMatch(line.AsSpan())) return;
        var match = SummaryRow().Match(line);
        Span<double> values = stackalloc double[SummaryFields];
        for (var i = 0; i < SummaryFields; i++)
            if (!PythonFloat.TryParse(match.Groups[i + 1].ValueSpan, out values[i])) return;
        var descriptors = _summary.For(arguments.MetricNamePrefix);
        for (var i = 0; i < SummaryFields; i++) batch.Add(new Metric(descriptors[i], values[i], arguments.Labels));
    }

    private void AddCounter(string line, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        if (!line.Contains("counter=", StringComparison.Ordinal)) return;
        var match = CounterLine().Match(line);
        if (!match.Success || !PythonFloat.TryParseInteger(match.Groups["counter"].ValueSpan, out var counter)) return;
        batch.Add(new Metric(_counter.For(arguments.MetricNamePrefix)[0], counter, LabelsOf(match.Groups["id"].ValueSpan, arguments.Labels)));
    }

    /// <summary>The command line's labels with <c>id_proc_stress_ng</c> = <paramref name="id"/>, one instance per id.</summary>
    private LabelSet LabelsOf(ReadOnlySpan<char> id, LabelSet labels)
    {
        if (!ReferenceEquals(labels, _processLabelsBase))
        {
            _processLabels.Clear();
            _processLabelsBase = labels;
        }
        var lookup = _processLabels.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(id, out var known)) return known;
        if (_processLabels.Count >= MaxCachedProcessIds) _processLabels.Clear();
        var key = id.ToString();
        var withId = labels.With(ProcessIdLabel, key);
        _processLabels[key] = withId;
        return withId;
    }
}
