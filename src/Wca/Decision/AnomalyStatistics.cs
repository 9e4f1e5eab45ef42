using Wca.Api;

namespace Wca.Decision;

/// <summary>
/// The anomaly statistics of the anomalies package (§7.4): how many anomaly objects were reported since start and
/// when the last iteration with any was. One instance per runner; not thread-safe.
/// </summary>
internal sealed class AnomalyStatistics
{
    // Counters with a TYPE line only, as the original; one descriptor each so storages cache the header.
    private static readonly MetricDescriptor CountDescriptor = new("anomaly_count", MetricType.Counter);
    private static readonly MetricDescriptor LastOccurrenceDescriptor = new("anomaly_last_occurrence", MetricType.Counter);

    private double? _lastOccurrence;

    /// <summary>Anomaly objects reported since start.</summary>
    public long Count { get; private set; }

    /// <summary>Unix time (seconds) of the last iteration with at least one anomaly; null before the first.</summary>
    public double? LastOccurrence => _lastOccurrence;

    /// <summary>Call once per iteration with the number of anomalies it reported (0 too).</summary>
    public void Record(int anomalyCount, double nowUnixSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(anomalyCount);
        if (anomalyCount == 0) return;
        Count += anomalyCount;
        _lastOccurrence = nowUnixSeconds;
    }

    /// <summary>Appends <c>anomaly_count</c>, and <c>anomaly_last_occurrence</c> once there was an anomaly.</summary>
    public void Append(MetricBatch output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Add(CountDescriptor, Count, LabelSet.Empty);
        if (_lastOccurrence is { } last) output.Add(LastOccurrenceDescriptor, last, LabelSet.Empty);
    }
}
