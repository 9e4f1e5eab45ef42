namespace Wca.Api;

/// <summary>The detection algorithm of a DetectionRunner (<c>detector:</c>).</summary>
/// <remarks>
/// Called once per iteration on the runner's thread with immutable inputs. A detector that throws or returns null
/// is logged (once per distinct failure) and counted, and the iteration goes on without anomalies. Extra metrics
/// with invalid names or labels are dropped one by one (counted, logged once) and the rest is stored.
/// </remarks>
public interface IAnomalyDetector
{
    /// <summary>Finds anomalies in this iteration's measurements.</summary>
    /// <param name="platform">The platform now.</param>
    /// <param name="tasks">Every measured task by task id.</param>
    DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Anomalies plus any extra metrics the detector wants stored with them (in the anomalies package).</summary>
public sealed record DetectionResult
{
    /// <summary>Nothing found.</summary>
    public static readonly DetectionResult None = new([], []);

    /// <summary>A result.</summary>
    /// <param name="anomalies">What was found.</param>
    /// <param name="extraMetrics">Metrics stored as given (plus the agent's common labels).</param>
    public DetectionResult(IReadOnlyList<Anomaly> anomalies, IReadOnlyList<Metric> extraMetrics)
    {
        Anomalies = anomalies;
        ExtraMetrics = extraMetrics;
    }

    /// <summary>What was found.</summary>
    public IReadOnlyList<Anomaly> Anomalies { get; init; }

    /// <summary>Metrics stored as given (plus the agent's common labels).</summary>
    public IReadOnlyList<Metric> ExtraMetrics { get; init; }
}
