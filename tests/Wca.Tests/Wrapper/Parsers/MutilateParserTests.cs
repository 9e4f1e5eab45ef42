using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The mutilate parser (wrapper.md §10.6): the read row in Q and scan mode, Total QPS, its end marker.</summary>
public sealed class MutilateParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "twemcache_" };

    [Theory]
    [InlineData("Total QPS = 159578.5 (1595835 / 10.0s)", 159578.5)]
    [InlineData("Total QPS = 1595.55 (15955 / 10.0s)", 1595.55)]
    [InlineData("Total QPS = 1000 (10000 / 10.0s)", 1000.0)]
    public void Total_qps_is_read_whole(string line, double qps)
    {
        // The original kept one fractional digit (1595.5) and ignored an integer total (wrapper.md §13 item 14).
        Assert.Equal([("twemcache_qps", qps)], ParserRun.Of(new MutilateParser(), line + "\n", Prefixed).Values);
    }

    [Theory]
    [InlineData("read 801.9 155.0 304.5\n")]
    [InlineData("read 801.9 155.0 304.5 643.7 661.1 1017.8 1128.2 n/a\n")]
    [InlineData("read 76.3 346.3 21.1 23.5 24.5 34.3 38.7 2056.6 n/a 1000\n")]
    [InlineData("already read the config\n")]
    public void A_read_row_that_is_short_or_not_numeric_gives_no_metric(string line)
    {
        // The original crashed on the first three (IndexError, ValueError).
        var run = ParserRun.Of(new MutilateParser(), line, Prefixed);
        Assert.Empty(run.Batches);
        Assert.Equal(2, run.Calls);
    }

    [Fact]
    public void Tokens_are_counted_from_the_start_of_the_line_as_in_the_original()
    {
        // 10 tokens, "read" last: Q-mode positions of the whole line (not relative to "read").
        var run = ParserRun.Of(new MutilateParser(), "x 1 2 3 4 5 6 7 8 read\n", Prefixed);
        Assert.Equal([("twemcache_read_avg", 1.0), ("twemcache_read_p90", 6.0), ("twemcache_read_p95", 7.0), ("twemcache_read_p99", 8.0)], run.Values);
    }

    [Fact]
    public void The_end_marker_or_the_real_end_ends()
    {
        var marker = ParserRun.Of(new MutilateParser(), "Total QPS = 5.0 (1 / 1s)\nStop-Mutilate-Now", Prefixed);
        Assert.Equal(2, marker.Calls);
        var end = ParserRun.Of(new MutilateParser(), "Total QPS = 5.0 (1 / 1s)\n\n", Prefixed);
        Assert.Equal(3, end.Calls);
        Assert.Equal([("twemcache_qps", 5.0)], end.Values);
    }
}
