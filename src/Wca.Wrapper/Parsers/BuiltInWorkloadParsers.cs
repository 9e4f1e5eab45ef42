namespace Wca.Wrapper.Parsers;

/// <summary>
/// The built-in parsers, in <c>--help</c> order; the first is the default parser. Names (wrapper.md §2): the launcher is
/// <c>NAME_wrapper</c>, the default parser's <c>wrapper</c>.
/// </summary>
internal static class BuiltInWorkloadParsers
{
    public static IReadOnlyList<WorkloadParserEntry> All { get; } =
    [
        new("default", "wrapper", () => new DefaultRegexParser(),
            "name=value pairs found by --regexp, per line or per --separator block"),
        new("example_workload", "example_workload_wrapper", () => new ExampleWorkloadParser(),
            "template: the constant metric example = 1.337 once per line of output"),
        new("specjbb", "specjbb_wrapper", () => new SpecjbbParser(),
            "SPECjbb2015 controller: p99 of TotalPurchase from each Response times table"),
        new("ycsb", "ycsb_wrapper", () => new YcsbParser(),
            "YCSB status lines: operations, ops/s, READ and UPDATE 99.99th percentile latency"),
        new("cassandra_stress", "cassandra_stress_wrapper", () => new CassandraStressParser(),
            "cassandra-stress summary: Op rate and Latency 99th percentile"),
        new("mutilate", "mutilate_wrapper", () => new MutilateParser(),
            "mutilate report: read latency avg/p90/p95/p99 (Q and scan mode) and Total QPS"),
        new("rpc_perf", "rpc_perf_wrapper", () => new RpcPerfParser(),
            "rpc-perf reports: latency percentiles, hit rate, success and request rate"),
        new("stress_ng", "stress_ng_wrapper", () => new StressNgParser(),
            "stress-ng (APM patch): per-process bogo ops counter and the --metrics summary row"),
        new("tensorflow_benchmark_training", "tensorflow_benchmark_training_wrapper", () => new TensorflowBenchmarkTrainingParser(),
            "tf_cnn_benchmarks training: images/sec of each step"),
        new("tensorflow_benchmark_prediction", "tensorflow_benchmark_prediction_wrapper", () => new TensorflowBenchmarkPredictionParser(),
            "tf_cnn_benchmarks inference: examples/sec of each step"),
    ];
}
