using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>A parser run over a text until it ends: the non-empty batches, how many calls it took and what it echoed.</summary>
internal sealed record ParserRun(IReadOnlyList<IReadOnlyList<Metric>> Batches, int Calls, string Echoed)
{
    /// <summary>Calls <paramref name="parser"/> until it signals the end (at most <paramref name="maxCalls"/> calls).</summary>
    public static ParserRun Of(IWorkloadParser parser, string text, WorkloadParserArguments? arguments = null, int maxCalls = 1000)
    {
        arguments ??= new WorkloadParserArguments();
        using var output = WorkloadOutputs.FromText(text);
        var batches = new List<IReadOnlyList<Metric>>();
        for (var call = 1; call <= maxCalls; call++)
        {
            var batch = new List<Metric>();
            if (!parser.Parse(output.Reader, arguments, batch)) return new ParserRun(batches, call, output.Echoed);
            if (batch.Count > 0) batches.Add(batch);
        }
        throw new Xunit.Sdk.XunitException($"{parser.GetType().Name} did not end within {maxCalls} calls");
    }

    /// <summary>All metrics of all batches as (name, value) pairs, in order.</summary>
    public IEnumerable<(string Name, double Value)> Values => Batches.SelectMany(b => b).Select(m => (m.Name, m.Value));
}
