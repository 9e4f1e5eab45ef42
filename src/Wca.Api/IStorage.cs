namespace Wca.Api;

/// <summary>
/// Where packages of metrics go (stderr/file, Kafka, HTTP ...). One instance may serve several runner slots (YAML
/// anchors): <see cref="MetricPackage.Kind"/> says which one a package comes from.
/// </summary>
/// <remarks>
/// Called on the runner's iteration thread, one package at a time. A storage that throws is logged (once per distinct
/// failure) and counted, and the runner goes on with the next iteration; it must not block much longer than its own
/// timeout. The agent disposes a storage that implements <see cref="IDisposable"/> when it stops.
/// </remarks>
public interface IStorage
{
    /// <summary>Stores one package. The package is valid only during this call: copy what you keep.</summary>
    /// <param name="package">The metrics, read-only.</param>
    /// <param name="cancellationToken">Cancelled when the agent stops (SIGTERM): give up waiting.</param>
    void Store(MetricPackage package, CancellationToken cancellationToken);
}
