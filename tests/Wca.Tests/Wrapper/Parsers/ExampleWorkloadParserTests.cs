using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The example parser (wrapper.md §10.2): its constant metric, now once per line and ending with the output.</summary>
public sealed class ExampleWorkloadParserTests
{
    [Fact]
    public void Each_line_gives_the_constant_example_metric_and_the_end_of_the_output_ends()
    {
        var arguments = new WorkloadParserArguments { MetricNamePrefix = "ignored_", Labels = LabelSet.From(("workload", "x")) };
        var run = ParserRun.Of(new ExampleWorkloadParser(), "one\ntwo\n", arguments);
        Assert.Equal(3, run.Calls);
        Assert.Equal(2, run.Batches.Count);
        Assert.All(run.Batches, batch =>
        {
            var metric = Assert.Single(batch);
            Assert.Equal("example", metric.Name);
            Assert.Equal(1.337, metric.Value);
            Assert.Equal(MetricType.Gauge, metric.Type);
            Assert.Equal("Empty example metric", metric.Descriptor.Help);
            Assert.Equal([new KeyValuePair<string, string>("test", "label")], metric.Labels.AsEnumerable());
        });
        Assert.Equal("one\ntwo\n", run.Echoed);
    }
}
