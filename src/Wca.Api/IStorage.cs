namespace Wca.Api;

/// <summary>Where a package of metrics goes (stderr/file, Kafka, HTTP ...).</summary>
public interface IStorage
{
    /// <summary>
    /// Stores one package. The batch is reused by the caller after this returns: copy what you keep.
    /// May throw; the runner logs and counts the failure and goes on.
    /// </summary>
    void Store(MetricBatch batch);
}
