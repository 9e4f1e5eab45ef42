using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The stress-ng parser (wrapper.md §10.8): per-process counters, the summary row, labels, the end marker.</summary>
public sealed class StressNgParserTests
{
    private const string Summary = "stress-ng: info:  [112] stream             2250      6.01     40.81      0.39       374.12         54.61\n";

    [Fact]
    public void A_counter_carries_its_process_id_and_later_metrics_do_not()
    {
        // The original put id_proc_stress_ng into the shared label dictionary: the summary then carried the last id.
        var labels = LabelSet.From(("workload", "stress-ng"));
        var arguments = new WorkloadParserArguments { MetricNamePrefix = "stress_ng_", Labels = labels };
        var run = ParserRun.Of(new StressNgParser(),
            "stress-ng: info:  [99] Time 1546433449, counter=173\nstress-ng: info:  [96] Time 1546433450, counter=210\n" + Summary, arguments);

        Assert.Equal(3, run.Batches.Count);
        var counter = Assert.Single(run.Batches[0]);
        Assert.Equal(("stress_ng_bogo_ops_counter", 173.0, MetricType.Counter), (counter.Name, counter.Value, counter.Type));
        Assert.Equal(LabelSet.From(("workload", "stress-ng"), ("id_proc_stress_ng", "99")), counter.Labels);
        Assert.Equal("96", Assert.Single(run.Batches[1]).Labels["id_proc_stress_ng"]);
        Assert.Equal(6, run.Batches[2].Count);
        Assert.All(run.Batches[2], m => Assert.Same(labels, m.Labels));
        // The command line's labels are not changed either.
        Assert.False(labels.ContainsKey("id_proc_stress_ng"));
    }

    [Fact]
    public void One_process_id_keeps_one_label_set()
    {
        var run = ParserRun.Of(new StressNgParser(),
            "stress-ng: info:  [7] Time 1, counter=1\nstress-ng: info:  [7] Time 2, counter=2\n");
        Assert.Same(run.Batches[0][0].Labels, run.Batches[1][0].Labels);
    }

    [Theory]
    [InlineData("stress-ng: info: [99] Time 1546433449, counter=173\n")]
    [InlineData("stress-ng: info:  [99] Time 1546433449, counter=\n")]
    [InlineData("stress-ng: info:  [99] Time 1546433449, counter=99999999999999999999999\n")]
    public void A_counter_line_shaped_otherwise_gives_no_metric(string line)
    {
        // One space after "info:" does not match (as in the original); an empty counter crashed the original; one beyond
        // a 64-bit integer is not a counter stress-ng prints.
        var run = ParserRun.Of(new StressNgParser(), line);
        Assert.Empty(run.Batches);
        Assert.Equal(2, run.Calls);
    }

    [Fact]
    public void The_yaml_document_end_is_the_end_marker_only_as_the_last_output_without_a_newline()
    {
        var indented = ParserRun.Of(new StressNgParser(), "        ...\n" + Summary);
        Assert.Single(indented.Batches);
        var exact = ParserRun.Of(new StressNgParser(), Summary + "...");
        Assert.Equal(2, exact.Calls);
        Assert.Single(exact.Batches);
    }
}
