namespace Wca.Api;

/// <summary>The detection algorithm of a DetectionRunner.</summary>
public interface IAnomalyDetector
{
    DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Anomalies plus any extra metrics the detector wants stored with them.</summary>
public sealed record DetectionResult(IReadOnlyList<Anomaly> Anomalies, IReadOnlyList<Metric> ExtraMetrics)
{
    public static readonly DetectionResult None = new([], []);
}
