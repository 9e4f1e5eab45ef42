using Wca.Api;
using Wca.Pipeline;

namespace Wca.Decision;

/// <summary>
/// Builds the anomalies package of an iteration as the original does (§6.6, §7.3–§7.4): the anomalies as metrics
/// enriched with their tasks' labels, the decider's extra metrics, the anomaly statistics, then the common labels.
/// Everything a plugin returned passes <see cref="MetricAdmission"/>: a bad metric is dropped, not the package.
/// </summary>
internal sealed class AnomalyPackage(MetricAdmission admission)
{
    private readonly MetricBatch _anomalyMetrics = new(64);
    private readonly AnomalyStatistics _statistics = new();

    /// <summary>The package, reused every iteration.</summary>
    public MetricBatch Batch { get; } = new(64);

    /// <summary>Fills <see cref="Batch"/> for this iteration; null lists count as empty.</summary>
    public void Build(IterationContext context, IReadOnlyList<Anomaly>? anomalies, IReadOnlyList<Metric>? extraMetrics, LabelSet common)
    {
        var batch = Batch;
        batch.Clear();
        batch.TimestampMilliseconds = context.Timestamp.ToUnixTimeMilliseconds();
        anomalies ??= [];
        _anomalyMetrics.Clear();
        AnomalyMetrics.Append(anomalies, context.TaskLabels, _anomalyMetrics);
        admission.AddTo(batch, _anomalyMetrics);
        admission.AddTo(batch, extraMetrics);
        _statistics.Record(anomalies.Count, context.Seconds);
        _statistics.Append(batch);
        batch.ApplyCommonLabels(common);
    }
}
