using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The SPECjbb2015 parser (wrapper.md §10.3): the TotalPurchase p99 of each Response times table.</summary>
public sealed class SpecjbbParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "specjbb_" };

    private const string Header = "Request,    Success,    Partial,     Failed,   SkipFail,     Probes,    Samples,      min,      p50,      p90,      p95,      p99,      max, \n";
    private const string TotalPurchase = "TotalPurchase,      28299,          0,          0,          0,      27220,      48313,     1300,     6100,  3500000,  3600000,  3800000,  4600000,\n";
    private const string InStorePurchase = "InStorePurchase,      14892,          0,          0,          0,      14367,      25397,     1300,     6200,  3500000,  3500000,  3600000,  4600000,\n";

    [Fact]
    public void A_report_gives_the_p99_of_total_purchase_and_lines_around_it_are_skipped()
    {
        var run = ParserRun.Of(new SpecjbbParser(), "noise\n  Response times:  \n" + Header + TotalPurchase + InStorePurchase + "\n  after\n", Prefixed);
        var metric = Assert.Single(Assert.Single(run.Batches));
        Assert.Equal(("specjbb_p99_total_purchase", 3800000.0), (metric.Name, metric.Value));
        Assert.Equal(2, run.Calls);
    }

    [Fact]
    public void The_row_and_column_are_found_by_name()
    {
        // The original took the first data row's third field from the end, whatever row and column that was.
        var reordered = "Request, p99, min,\n" + "InStorePurchase, 1, 2,\n" + "TotalPurchase, 42, 3,\n";
        var run = ParserRun.Of(new SpecjbbParser(), "Response times:\n" + reordered + "   \n", Prefixed);
        Assert.Equal([("specjbb_p99_total_purchase", 42.0)], run.Values);
    }

    [Theory]
    [InlineData("Response times:\n" + Header + "\n")]
    [InlineData("Response times:\n" + Header + "TotalPurchase, 1,\n\n")]
    [InlineData("Response times:\n" + Header + "TotalPurchase, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, n/a, 12,\n\n")]
    [InlineData("Response times:\nRequest, min, max,\nTotalPurchase, 1, 2,\n\n")]
    public void A_table_without_a_readable_p99_gives_no_metric_and_the_parser_goes_on(string table)
    {
        var run = ParserRun.Of(new SpecjbbParser(), table + "Response times:\n" + Header + TotalPurchase + "\n", Prefixed);
        Assert.Equal([("specjbb_p99_total_purchase", 3800000.0)], run.Values);
    }

    [Theory]
    [InlineData("text before\n")]
    [InlineData("Response times:\n")]
    [InlineData("Response times:\n" + Header + TotalPurchase)]
    public void The_end_anywhere_in_a_report_ends_without_a_metric(string text)
    {
        var run = ParserRun.Of(new SpecjbbParser(), text, Prefixed);
        Assert.Empty(run.Batches);
        Assert.Equal(1, run.Calls);
    }
}
