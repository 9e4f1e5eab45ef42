using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// rpc-perf's window reports (<c>rpc_perf_wrapper.pex</c>): the <c>Percentiles:</c> line gives the p9999, p999, p99,
/// p90, p50, min and max of the response latency (µs), the <c>Rate:</c> line the hit rate and success (percent) and the
/// request rate (per second).
/// </summary>
/// <remarks>
/// A report line missing one of its values gives no metric of that line instead of a crash (§13 item 13); as in the
/// original, a later duplicate of a key wins and a single space must follow its colon.
/// </remarks>
internal sealed partial class RpcPerfParser : IWorkloadParser
{
    private static readonly string[] PercentileKeys = ["p9999", "p999", "p99", "p90", "p50", "min", "max"];
    private static readonly string[] RateKeys = ["Hit Rate", "Success", "Rate"];

    private readonly PrefixedDescriptors _percentiles = new(
        ParsedMetricSpec.Gauge("p9999", "99.99th percentile of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("p999", "99.9th percentile of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("p99", "99th percentile of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("p90", "90th percentile of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("p50", "50th percentile of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("min", "min of latency in rpc-perf"),
        ParsedMetricSpec.Gauge("max", "max of latency in rpc-perf"));

    private readonly PrefixedDescriptors _rates = new(
        ParsedMetricSpec.Gauge("hit_rate", "Hit rate in rpc-perf"),
        ParsedMetricSpec.Gauge("success", "Success responses in rpc-perf"),
        ParsedMetricSpec.Gauge("rate", "Rate in rpc-perf"));

    [GeneratedRegex(@"(?<name>min|max|p\d*): (?<value>\d+)")]
    private static partial Regex PercentileField();

    [GeneratedRegex(@"(?<name>Hit Rate|Success|Rate): (?<value>\d+.\d+)")]
    private static partial Regex RateField();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine();
        if (line is null) return false;
        if (line.Contains("[rpc-perf] Percentiles:", StringComparison.Ordinal))
            AddAll(line, PercentileField(), PercentileKeys, _percentiles.For(arguments.MetricNamePrefix), arguments, batch);
        if (line.Contains("[rpc-perf] Rate:", StringComparison.Ordinal))
            AddAll(line, RateField(), RateKeys, _rates.For(arguments.MetricNamePrefix), arguments, batch);
        return true;
    }

    /// <summary>One metric per key, in the keys' order, only when every key has a number (the last occurrence wins).</summary>
    private static void AddAll(string line, Regex field, string[] keys, MetricDescriptor[] descriptors,
        WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        Span<double> values = stackalloc double[keys.Length];
        Span<bool> found = stackalloc bool[keys.Length];
        for (var match = field.Match(line); match.Success; match = match.NextMatch())
        {
            var name = match.Groups["name"].ValueSpan;
            var key = 0;
            while (key < keys.Length && !name.SequenceEqual(keys[key])) key++;
            if (key == keys.Length) continue;
            if (!PythonFloat.TryParse(match.Groups["value"].ValueSpan, out values[key])) return;
            found[key] = true;
        }
        if (found.Contains(false)) return;
        for (var i = 0; i < keys.Length; i++) batch.Add(new Metric(descriptors[i], values[i], arguments.Labels));
    }
}
