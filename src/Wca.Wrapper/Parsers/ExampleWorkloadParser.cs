using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// The original's template parser (<c>example_workload_wrapper.pex</c>): a constant metric <c>example</c> = 1.337 with
/// the label test="label" (no prefix, no command-line labels, as the original).
/// </summary>
/// <remarks>
/// The original never read its input, so it stored in a tight endless loop and never saw the workload end (§13 item 6).
/// Here each call reads one line (echoed) and gives the metric once for it; the end of the output ends the parser.
/// </remarks>
internal sealed class ExampleWorkloadParser : IWorkloadParser
{
    private static readonly MetricDescriptor Example = new("example", MetricType.Gauge, "Empty example metric");
    private static readonly LabelSet ExampleLabels = LabelSet.From(("test", "label"));

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        if (output.ReadLine() is null) return false;
        batch.Add(new Metric(Example, 1.337, ExampleLabels));
        return true;
    }
}
