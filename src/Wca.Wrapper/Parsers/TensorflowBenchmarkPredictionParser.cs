using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// tf_cnn_benchmarks inference (<c>tensorflow_benchmark_prediction_wrapper.pex</c>): each step line
/// <c>&lt;step&gt;⇥&lt;speed&gt; examples/sec</c> gives prefix + <c>prediction_speed</c> (examples/s).
/// </summary>
/// <remarks>
/// A TAB before the speed and a decimal point in it are required as in the original; another line mentioning
/// <c>examples/sec</c> crashed the original (§13 item 13) and gives no metric here.
/// </remarks>
internal sealed partial class TensorflowBenchmarkPredictionParser : IWorkloadParser
{
    private readonly PrefixedDescriptors _descriptors = new(
        ParsedMetricSpec.Gauge("prediction_speed", "tensorflow benchmark prediction speed"));

    [GeneratedRegex(@"[0-9]*\t([0-9]*\.[0-9]*)[ ]*examples\/sec")]
    private static partial Regex StepSpeed();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine();
        if (line is null) return false;
        if (!line.Contains("examples/sec", StringComparison.Ordinal)) return true;
        var match = StepSpeed().Match(line);
        if (match.Success && PythonFloat.TryParse(match.Groups[1].ValueSpan, out var speed))
            batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[0], speed, arguments.Labels));
        return true;
    }
}
