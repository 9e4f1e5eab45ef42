using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The two tf_cnn_benchmarks parsers (wrapper.md §10.9, §10.10): step lines with a TAB; other lines give nothing.</summary>
public sealed class TensorflowBenchmarkParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "tensorflow_benchmark_" };

    [Fact]
    public void Training_reads_each_step_and_skips_the_total()
    {
        // The original crashed on the final "total images/sec" line (a space, not a TAB, before it).
        var run = ParserRun.Of(new TensorflowBenchmarkTrainingParser(),
            "Step\tImg/sec\ttotal_loss\n10\timages/sec: 74.9 +/- 0.5 (jitter = 8.9)\t2.409\n" +
            "20\timages/sec: 75.1 +/- 0.4 (jitter = 8.0)\t2.390\n----------------\ntotal images/sec: 74.93\n", Prefixed);
        Assert.Equal([("tensorflow_benchmark_training_speed", 74.9), ("tensorflow_benchmark_training_speed", 75.1)], run.Values);
        Assert.Equal(6, run.Calls);
    }

    [Theory]
    [InlineData("580 248.7 examples/sec\n")]
    [InlineData("580\t248 examples/sec\n")]
    [InlineData("total examples/sec: 248.7\n")]
    public void Prediction_lines_shaped_otherwise_give_no_metric(string line)
    {
        var run = ParserRun.Of(new TensorflowBenchmarkPredictionParser(), line + "590\t250.5 examples/sec\n", Prefixed);
        Assert.Equal([("tensorflow_benchmark_prediction_speed", 250.5)], run.Values);
    }
}
