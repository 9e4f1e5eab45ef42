using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Host.Logging;

namespace Wca.Wrapper.Pipeline;

/// <summary>
/// The original's parse loop (wrapper.md §6): call the parser; a non-empty batch gets the SLI/SLO/load metrics, is
/// checked (§9.2), logged at DEBUG and handed to the store as one package. Ends when the parser reports the end of the
/// workload's output. Unlike the original, a parser's exception is logged (once per distinct message) and the loop goes
/// on, and a parser that consumed no line is called again only after <see cref="IdleCallInterval"/> (the example
/// parser's tight loop, or a parser failing before it reads, would otherwise spin a core).
/// </summary>
internal sealed partial class ParseLoop(
    IWorkloadParser parser,
    IWorkloadOutput output,
    WorkloadParserArguments arguments,
    ServiceLevelMetrics serviceLevels,
    Action<List<Metric>> store,
    ILogger log)
{
    public static readonly TimeSpan IdleCallInterval = TimeSpan.FromSeconds(1);

    private readonly FailureLatch _parserFailure = new();
    private readonly FailureLatch _invalidMetrics = new();

    /// <summary>Batches handed to the store.</summary>
    public long Batches { get; private set; }

    /// <summary>Runs until the end of the workload's output (or <paramref name="stop"/>).</summary>
    public void Run(CancellationToken stop = default)
    {
        var batch = new List<Metric>();
        var collector = new BatchCollector(batch);
        while (!stop.IsCancellationRequested)
        {
            batch.Clear();
            var linesBefore = output.LinesRead;
            bool more;
            try
            {
                more = parser.Parse(output, arguments, collector);
                if (_parserFailure.Clear(out var failures)) Log.ParserRecovered(log, failures);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_parserFailure.Fail(e.GetType().Name + e.Message)) Log.ParserFailed(log, e.GetType().Name, e.Message);
                batch.Clear();
                more = true;
            }
            if (!more) break;
            if (output.LinesRead == linesBefore) stop.WaitHandle.WaitOne(IdleCallInterval);
            if (batch.Count == 0) continue;
            if (serviceLevels.Append(batch) is { } sli && log.IsEnabled(LogLevel.Debug)) Log.SliSource(log, Describe(sli));
            if (BatchValidation.RemoveInvalid(batch) is { } invalid)
            {
                if (_invalidMetrics.Fail(invalid)) Log.InvalidMetrics(log, invalid);
            }
            else if (_invalidMetrics.Clear()) Log.MetricsValidAgain(log);
            if (batch.Count == 0) continue;
            if (log.IsEnabled(LogLevel.Debug))
                foreach (var m in batch) Log.FoundMetric(log, Describe(m));
            store(batch);
            Batches++;
        }
    }

    /// <summary>The metric as the original's DEBUG line showed it (its dataclass repr).</summary>
    private static string Describe(in Metric m) =>
        $"Metric(name='{m.Name}', value={m.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, labels={m.Labels}, "
        + $"type={(m.Type == MetricType.Untyped ? "None" : m.Type.ToString().ToLowerInvariant())}, help={m.Descriptor.Help ?? "None"})";

    /// <summary>The parser's view of the batch: adds only (no reading back, no removing).</summary>
    private sealed class BatchCollector(List<Metric> batch) : ICollection<Metric>
    {
        public int Count => batch.Count;
        public bool IsReadOnly => false;
        public void Add(Metric item) => batch.Add(item);
        public void Clear() => batch.Clear();
        public bool Contains(Metric item) => batch.Contains(item);
        public void CopyTo(Metric[] array, int arrayIndex) => batch.CopyTo(array, arrayIndex);
        public bool Remove(Metric item) => batch.Remove(item);
        public IEnumerator<Metric> GetEnumerator() => batch.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
