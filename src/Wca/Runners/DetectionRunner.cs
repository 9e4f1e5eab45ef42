using System.Diagnostics;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Decision;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Pipeline;

namespace Wca.Runners;

/// <summary>
/// A measurement runner that hands every iteration's platform and tasks to an anomaly <c>detector</c> (its wall time
/// is the <c>detect</c> stage) and stores the anomalies package (anomalies as metrics, the detector's extra metrics,
/// anomaly_count and anomaly_last_occurrence) to <c>anomalies_storage</c> every iteration, also without anomalies,
/// before the metrics package. A detector that throws or returns null is logged once per distinct failure and
/// counted, and the iteration goes on.
/// </summary>
[WcaComponent]
public sealed partial class DetectionRunner(AgentServices services) : MeasuringRunner(services)
{
    private readonly FailureLatch _detectorFailure = new();
    private int _detectStage;
    private StorageSlot? _anomaliesSlot;
    private AnomalyPackage? _package;
    private string _detectorName = "";
    private IStorage? _anomaliesStorage;

    /// <summary>The final release's shape: the measurement keys (node, interval, metrics_storage ...) in a
    /// <c>!MeasurementRunner</c>, instead of on this runner as in 2019.</summary>
    public MeasurementRunner? MeasurementRunner { get; init; }

    private protected override MeasuringRunner? Composed => MeasurementRunner;

    private protected override bool ComposesMeasurementRunner => true;

    /// <summary>The detection algorithm.</summary>
    public required IAnomalyDetector Detector { get; init; }

    /// <summary>Where anomalies go; default (after initialisation too): the same stderr LogStorage as unset metrics.</summary>
    public IStorage? AnomaliesStorage { get => _anomaliesStorage; init => _anomaliesStorage = value; }

    private protected override bool KeepsTaskData => true;

    private protected override int InitializeBody()
    {
        _detectStage = Profiler.Add("detect");
        _detectorName = Detector.GetType().Name;
        Failures.Declare("detect", _detectorName);
        _anomaliesStorage ??= DefaultStorage;
        _anomaliesSlot = Slot("anomalies_storage", PackageKind.Anomalies, _anomaliesStorage);
        _package = new AnomalyPackage(new MetricAdmission(Logger, Failures, "detect", _detectorName));
        return 0;
    }

    private protected override void Body(IterationContext context, CancellationToken stopping)
    {
        var t = Stopwatch.GetTimestamp();
        var result = Detect(context);
        Profiler.Record(_detectStage, t);
        if (result is not null) Log.AnomaliesDetected(Logger, result.Anomalies?.Count ?? 0);
        _package!.Build(context, WithoutNulls(result?.Anomalies), result?.ExtraMetrics, CommonLabels);
        _anomaliesSlot!.Store(_package.Batch, stopping);
    }

    private DetectionResult? Detect(IterationContext context)
    {
        string failure;
        try
        {
            var platform = context.Platform ?? new Platform { Timestamp = context.Timestamp };
            var result = Detector.Detect(platform, context.Tasks);
            if (result is not null)
            {
                if (_detectorFailure.Clear(out var failed)) Log.DetectorRecovered(Logger, _detectorName, failed);
                return result;
            }
            failure = "returned null";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = $"threw {e.GetType().Name}: {e.Message}";
        }
        Failures.Count("detect", _detectorName);
        if (_detectorFailure.Fail(failure)) Log.DetectorFailed(Logger, _detectorName, failure);
        return null;
    }

    private static IReadOnlyList<Anomaly>? WithoutNulls(IReadOnlyList<Anomaly>? anomalies)
    {
        if (anomalies is null) return null;
        foreach (var a in anomalies)
            if (a is null) return [.. anomalies.Where(x => x is not null)];
        return anomalies;
    }
}
