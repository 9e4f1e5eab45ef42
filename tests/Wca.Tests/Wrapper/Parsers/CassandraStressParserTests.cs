using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The cassandra-stress parser (wrapper.md §10.5): Op rate and Latency 99th percentile, its end marker.</summary>
public sealed class CassandraStressParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "cassandra_" };

    [Fact]
    public void The_end_marker_ends_only_as_the_last_output_without_a_newline()
    {
        // As the original compares the raw line: "Stop-Cassandra-Stress-Now\n" is an ordinary line.
        var run = ParserRun.Of(new CassandraStressParser(),
            "Op rate : 1,000 op/s\nStop-Cassandra-Stress-Now\nOp rate : 2,000 op/s\nStop-Cassandra-Stress-Now", Prefixed);
        Assert.Equal([("cassandra_qps", 1000.0), ("cassandra_qps", 2000.0)], run.Values);
        Assert.Equal(4, run.Calls);
    }

    [Fact]
    public void The_real_end_of_the_output_ends_too()
    {
        // The original never saw it and spun at 100 % CPU (wrapper.md §13 item 5).
        var run = ParserRun.Of(new CassandraStressParser(), "Latency 99th percentile   :   74.0 ms [WRITE: 74.0 ms]\n", Prefixed);
        Assert.Equal([("cassandra_p99", 74.0)], run.Values);
        Assert.Equal(2, run.Calls);
    }

    [Theory]
    [InlineData("Op rate                   :   14.5 op/s\n")]
    [InlineData("Op rate                   : n/a\n")]
    [InlineData("Latency 99th percentile   :   74 ms\n")]
    [InlineData("Latency 99th percentile   :   . ms\n")]
    public void A_trigger_line_shaped_otherwise_gives_no_metric(string line)
    {
        // The original crashed on each of these.
        var run = ParserRun.Of(new CassandraStressParser(), line + "Op rate : 7 op/s\n", Prefixed);
        Assert.Equal([("cassandra_qps", 7.0)], run.Values);
    }
}
