using Microsoft.Extensions.Hosting;

namespace Wca.Storage.Prometheus;

/// <summary>
/// The web host's lifetime without the console one's SIGTERM/SIGINT handlers: the agent owns its signals and stops
/// the endpoint when it disposes the storage, after its last iteration.
/// </summary>
internal sealed class AgentOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
