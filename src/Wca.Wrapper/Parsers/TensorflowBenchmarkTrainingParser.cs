using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// tf_cnn_benchmarks training (<c>tensorflow_benchmark_training_wrapper.pex</c>): each step line
/// <c>&lt;step&gt;⇥images/sec: &lt;speed&gt; +/- ...</c> gives prefix + <c>training_speed</c> (images/s).
/// </summary>
/// <remarks>
/// A TAB must precede <c>images/sec:</c> as in the original; the final <c>total images/sec: ...</c> summary (a space
/// instead) crashed the original (§13 item 13) and gives no metric here.
/// </remarks>
internal sealed partial class TensorflowBenchmarkTrainingParser : IWorkloadParser
{
    private readonly PrefixedDescriptors _descriptors = new(
        ParsedMetricSpec.Gauge("training_speed", "tensorflow benchmark training speed"));

    [GeneratedRegex(@"[0-9]*\timages\/sec:[ ]*([0-9]*\.[0-9]*)")]
    private static partial Regex StepSpeed();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        var line = output.ReadLine();
        if (line is null) return false;
        if (!line.Contains("images/sec", StringComparison.Ordinal)) return true;
        var match = StepSpeed().Match(line);
        if (match.Success && PythonFloat.TryParse(match.Groups[1].ValueSpan, out var speed))
            batch.Add(new Metric(_descriptors.For(arguments.MetricNamePrefix)[0], speed, arguments.Labels));
        return true;
    }
}
