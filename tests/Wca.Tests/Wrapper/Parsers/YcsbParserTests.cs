using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The YCSB parser (wrapper.md §10.4): four independent checks per status line.</summary>
public sealed class YcsbParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "cassandra_" };

    [Fact]
    public void Each_check_fires_on_its_own()
    {
        var run = ParserRun.Of(new YcsbParser(),
            "10 sec: 1500 operations; est completion in 1 hour\n" +
            "11 sec: 12.5 current ops/sec; [UPDATE: Count=3, 99.99=42]\n", Prefixed);
        Assert.Equal([[("cassandra_operations", 1500.0)], [("cassandra_ops_per_sec", 12.5), ("cassandra_update_p9999", 42.0)]],
            run.Batches.Select(b => b.Select(m => (m.Name, m.Value)).ToArray()).ToArray());
    }

    [Fact]
    public void A_trigger_word_in_another_line_gives_no_metric_and_the_other_checks_still_do()
    {
        // The original crashed on each of these lines.
        var run = ParserRun.Of(new YcsbParser(),
            "READ failed on host 10\n" +
            "some operations were retried\n" +
            "2018 5 sec: 700 operations; 975 current ops/sec; [READ: Count=462, Max=554] [UPDATE: Count=5, 99.99=x]\n", Prefixed);
        Assert.Equal([("cassandra_operations", 700.0), ("cassandra_ops_per_sec", 975.0)], run.Values);
        Assert.Single(run.Batches);
        Assert.Equal(4, run.Calls);
    }

    [Fact]
    public void Lines_without_a_trigger_give_nothing_until_the_end()
    {
        var run = ParserRun.Of(new YcsbParser(), "Loading workload...\nStarting test.\n", Prefixed);
        Assert.Empty(run.Batches);
        Assert.Equal(3, run.Calls);
    }
}
