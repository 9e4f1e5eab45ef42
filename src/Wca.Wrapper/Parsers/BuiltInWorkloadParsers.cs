namespace Wca.Wrapper.Parsers;

/// <summary>
/// The built-in parsers, in <c>--help</c> order. Names (wrapper.md §2): default (launcher <c>wrapper</c>),
/// example_workload, specjbb, ycsb, cassandra_stress, mutilate, rpc_perf, stress_ng, tensorflow_benchmark_training,
/// tensorflow_benchmark_prediction; each launcher is <c>NAME_wrapper</c>. The first entry is the default parser.
/// </summary>
internal static class BuiltInWorkloadParsers
{
    public static IReadOnlyList<WorkloadParserEntry> All { get; } =
    [
        // new("default", "wrapper", () => new DefaultRegexParser(), "name=value pairs found by --regexp, per line or per --separator block"),
    ];
}
