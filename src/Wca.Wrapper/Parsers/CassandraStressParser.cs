using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// cassandra-stress's summary (<c>cassandra_stress_wrapper.pex</c>): <c>Op rate</c> gives prefix + <c>qps</c>
/// (operations/s, thousands commas removed) and <c>Latency 99th percentile</c> prefix + <c>p99</c> (ms).
/// </summary>
/// <remarks>
/// The output ends at the line <c>Stop-Cassandra-Stress-Now</c> (exactly, as the last output without a newline) or at
/// the real end of the stream, which the original never saw (§13 item 5). A trigger line whose number is missing or
/// shaped differently (a rate with a decimal point, a latency without one) gives no metric instead of a crash.
/// </remarks>
internal sealed partial class CassandraStressParser : IWorkloadParser
{
    private const string EndMarker = "Stop-Cassandra-Stress-Now";
    private const int Qps = 0, P99 = 1;

    private readonly PrefixedDescriptors _descriptors = new(
        ParsedMetricSpec.Gauge("qps", "QPS"),
        ParsedMetricSpec.Gauge("p99", "99th percentile"));

    [GeneratedRegex(@"Op rate[ ]*:[ ]*([0-9,]*) op/s")]
    private static partial Regex OpRateField();

    [GeneratedRegex(@"Latency 99th percentile[ ]*:[ ]*([0-9]*\.[0-9]*) ms")]
    private static partial Regex LatencyP99Field();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine(EndMarker);
        if (line is null) return false;
        if (line.Contains("Op rate", StringComparison.Ordinal))
        {
            var match = OpRateField().Match(line);
            if (match.Success && TryParseWithoutCommas(match.Groups[1].ValueSpan, out var qps))
                batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[Qps], qps, arguments.Labels));
        }
        if (line.Contains("Latency 99th percentile", StringComparison.Ordinal))
        {
            var match = LatencyP99Field().Match(line);
            if (match.Success && PythonFloat.TryParse(match.Groups[1].ValueSpan, out var p99))
                batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[P99], p99, arguments.Labels));
        }
        return true;
    }

    private static bool TryParseWithoutCommas(ReadOnlySpan<char> digitsAndCommas, out double value)
    {
        Span<char> digits = stackalloc char[Math.Min(digitsAndCommas.Length, 64)];
        var length = 0;
        foreach (var c in digitsAndCommas)
        {
            if (c == ',') continue;
            if (length == digits.Length) { value = 0; return false; }
            digits[length++] = c;
        }
        return PythonFloat.TryParse(digits[..length], out value);
    }
}
