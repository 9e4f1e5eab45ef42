using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// SPECjbb2015's controller (<c>specjbb_wrapper.pex</c>): each "Response times:" table of a performance report gives
/// prefix + <c>p99_total_purchase</c>, the p99 of the TotalPurchase row (SPECjbb prints microseconds).
/// </summary>
/// <remarks>
/// The original took the third field from the end of the table's first data row without checking the row or the column
/// and crashed on a short or non-numeric row (§13 item 13). Here the column is the header's <c>p99</c> and the row the
/// one named <c>TotalPurchase</c> (the same cell in SPECjbb's layout); a table without them gives no metric.
/// </remarks>
internal sealed partial class SpecjbbParser : IWorkloadParser
{
    private readonly PrefixedDescriptors _descriptors = new(
        ParsedMetricSpec.Gauge("p99_total_purchase", "Specjbb2015 metric, Total Purchase, percentile 99"));

    private readonly List<string> _table = [];

    [GeneratedRegex(@"^\s*Response times:\s*$")]
    private static partial Regex ResponseTimesLine();

    [GeneratedRegex(@"^\s*$")]
    private static partial Regex BlankLine();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        string? line;
        do
        {
            line = output.ReadLine();
            if (line is null) return false;
        } while (!ResponseTimesLine().IsMatch(line));

        _table.Clear();
        while (true)
        {
            line = output.ReadLine();
            if (line is null) return false;
            if (BlankLine().IsMatch(line)) break;
            _table.Add(line);
        }
        if (TryReadTotalPurchaseP99(_table, out var p99))
            batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[0], p99, arguments.Labels));
        return true;
    }

    /// <summary>The TotalPurchase row's value in the header's p99 column.</summary>
    private static bool TryReadTotalPurchaseP99(List<string> table, out double value)
    {
        value = 0;
        if (table.Count < 2) return false;
        var column = FieldIndex(table[0], "p99");
        if (column < 0) return false;
        for (var row = 1; row < table.Count; row++)
        {
            var line = table[row].AsSpan();
            if (!Field(line, 0).Equals("TotalPurchase", StringComparison.Ordinal)) continue;
            return PythonFloat.TryParse(Field(line, column), out value);
        }
        return false;
    }

    private static int FieldIndex(string line, string name)
    {
        var index = 0;
        foreach (var range in line.AsSpan().Split(','))
        {
            if (line.AsSpan()[range].Trim().Equals(name, StringComparison.Ordinal)) return index;
            index++;
        }
        return -1;
    }

    /// <summary>Field <paramref name="index"/> of a comma-separated row, trimmed; empty when the row is shorter.</summary>
    private static ReadOnlySpan<char> Field(ReadOnlySpan<char> line, int index)
    {
        foreach (var range in line.Split(','))
        {
            if (index-- == 0) return line[range].Trim();
        }
        return [];
    }
}
