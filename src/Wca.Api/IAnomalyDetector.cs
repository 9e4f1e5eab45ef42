namespace Wca.Api;

/// <summary>The detection algorithm of a DetectionRunner.</summary>
public interface IAnomalyDetector
{
    /// <summary>Looks for anomalies in this iteration's platform and measured tasks (keyed by task id).</summary>
    DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Anomalies plus any extra metrics the detector wants stored with them.</summary>
public sealed record DetectionResult(IReadOnlyList<Anomaly> Anomalies, IReadOnlyList<Metric> ExtraMetrics)
{
    /// <summary>No anomaly and no extra metric.</summary>
    public static readonly DetectionResult None = new([], []);
}
