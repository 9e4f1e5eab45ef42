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
}
