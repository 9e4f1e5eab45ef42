using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// YCSB's status lines (<c>-s -p status.interval=1</c>; <c>ycsb_wrapper.pex</c>): operations done, current ops/s and the
/// 99.99th percentile of READ and UPDATE latency (YCSB prints microseconds). Four independent checks per line.
/// </summary>
/// <remarks>
/// The original crashed on a line that mentions <c>operations</c>, <c>current ops</c>, <c>READ</c> or <c>UPDATE</c>
/// without the expected field (§13 item 13); here such a check gives no metric and the others still do.
/// </remarks>
internal sealed partial class YcsbParser : IWorkloadParser
{
    private const int Operations = 0, OpsPerSecond = 1, ReadP9999 = 2, UpdateP9999 = 3;

    private readonly PrefixedDescriptors _descriptors = new(
        ParsedMetricSpec.Gauge("operations", "Done operations in Cassandra"),
        ParsedMetricSpec.Gauge("ops_per_sec", "Ops per sec Cassandra"),
        ParsedMetricSpec.Gauge("read_p9999", "99.99th percentile of read latency in Cassandra"),
        ParsedMetricSpec.Gauge("update_p9999", "99.99th percentile of update latency in Cassandra"));

    // Every pattern names its number "value": .NET numbers unnamed groups before named ones, so Groups[1] could be another.
    [GeneratedRegex(@"(?<value>\d+) operations;")]
    private static partial Regex OperationsField();

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?) current ops\/sec")]
    private static partial Regex OpsPerSecondField();

    [GeneratedRegex(@"\[READ.*?99\.99=(?<value>\d+).*?\]")]
    private static partial Regex ReadP9999Field();

    [GeneratedRegex(@"\[UPDATE.*?99\.99=(?<value>\d+).*?\]")]
    private static partial Regex UpdateP9999Field();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine();
        if (line is null) return false;
        // The substring tests come first: most lines of YCSB's output allocate nothing.
        if (line.Contains("operations", StringComparison.Ordinal)) Add(line, OperationsField(), Operations, arguments, batch);
        if (line.Contains("current ops", StringComparison.Ordinal)) Add(line, OpsPerSecondField(), OpsPerSecond, arguments, batch);
        if (line.Contains("READ", StringComparison.Ordinal)) Add(line, ReadP9999Field(), ReadP9999, arguments, batch);
        if (line.Contains("UPDATE", StringComparison.Ordinal)) Add(line, UpdateP9999Field(), UpdateP9999, arguments, batch);
        return true;
    }

    private void Add(string line, Regex field, int metric, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var match = field.Match(line);
        if (match.Success && PythonFloat.TryParse(match.Groups["value"].ValueSpan, out var value))
            batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[metric], value, arguments.Labels));
    }
}
