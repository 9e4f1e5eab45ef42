using Wca.Api.Wrapper;
using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>The rpc-perf parser (wrapper.md §10.7): the Percentiles and Rate lines of each window.</summary>
public sealed class RpcPerfParserTests
{
    private static readonly WorkloadParserArguments Prefixed = new() { MetricNamePrefix = "rpcperf_" };

    private const string Rate = "2018-09-13 08:15:43.404 INFO  [rpc-perf] Rate: 15823.74 rps Success: 100.00 % Hit Rate: 31.12 %\n";
    private const string Percentiles = "2018-09-13 08:15:43.404 INFO  [rpc-perf] Percentiles: Response OK (us): min: 47 p50: 389 p90: 775 p99: 86436 p999: 89120 p9999: 89657 max: 89657\n";

    [Fact]
    public void Real_output_gives_a_batch_per_report_line()
    {
        var run = ParserRun.Of(new RpcPerfParser(), "2018-09-13 08:15:43.404 INFO  [rpc-perf] -----\n" + Rate + Percentiles, Prefixed);
        Assert.Equal(2, run.Batches.Count);
        Assert.Equal([("rpcperf_hit_rate", 31.12), ("rpcperf_success", 100.0), ("rpcperf_rate", 15823.74)], run.Batches[0].Select(m => (m.Name, m.Value)));
        Assert.Equal(["rpcperf_p9999", "rpcperf_p999", "rpcperf_p99", "rpcperf_p90", "rpcperf_p50", "rpcperf_min", "rpcperf_max"], run.Batches[1].Select(m => m.Name));
        Assert.Equal(4, run.Calls);
    }

    [Theory]
    [InlineData("[rpc-perf] Percentiles: Response OK (us): min: 47 p50: 389 p90: 775 p99: 86436 p999: 89120 max: 89657\n")]
    [InlineData("[rpc-perf] Percentiles: Response OK (us): min: 47 p50: 389 p90: 775 p99:86436 p999: 89120 p9999: 89657 max: 89657\n")]
    [InlineData("[rpc-perf] Rate: 15823.74 rps Success: 100.00 %\n")]
    public void A_report_line_missing_a_value_gives_no_metric(string line)
    {
        // The original crashed (KeyError); the parser's own description shows "p99:86436", which it could not read.
        var run = ParserRun.Of(new RpcPerfParser(), line + Rate, Prefixed);
        Assert.Equal(["rpcperf_hit_rate", "rpcperf_success", "rpcperf_rate"], run.Values.Select(v => v.Name));
    }

    [Fact]
    public void A_later_duplicate_of_a_key_wins()
    {
        var run = ParserRun.Of(new RpcPerfParser(), Percentiles.Replace("max: 89657", "max: 89657 p50: 400"), Prefixed);
        Assert.Contains(("rpcperf_p50", 400.0), run.Values);
    }
}
