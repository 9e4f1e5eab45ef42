using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;

namespace Wca.Runners;

/// <summary>
/// Every <c>interval</c> seconds: discover tasks, measure them and the platform, store the metrics. Its keys are the
/// ones every runner shares (<see cref="MeasuringRunner"/>).
/// </summary>
[WcaComponent]
public sealed class MeasurementRunner(AgentServices services) : MeasuringRunner(services)
{
    /// <summary>Accepted because the final release's kubernetes_incluster_measurements.yaml sets it; a measurement runner produces no anomalies, so nothing is stored there.</summary>
    public IStorage? AnomaliesStorage { get; init; }

    /// <summary>Accepted because the final release's kubernetes_incluster_measurements.yaml sets it; a measurement runner makes no allocations, so nothing is stored there.</summary>
    public IStorage? AllocationsStorage { get; init; }
}
