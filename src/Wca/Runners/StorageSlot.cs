using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Logging;
using Wca.Pipeline;

namespace Wca.Runners;

/// <summary>
/// One runner slot a storage fills (metrics_storage, anomalies_storage ...): stores the slot's package, and logs a
/// failing storage once per distinct failure and once when it works again, counting every failure.
/// </summary>
internal sealed partial class StorageSlot(string key, PackageKind kind, IStorage storage, ILogger log, FailureCounters failures)
{
    private readonly FailureLatch _latch = new();
    private MetricBatch? _wrapped;
    private MetricPackage? _package;

    public string Key => key;

    public IStorage Storage => storage;

    /// <summary>Stores <paramref name="batch"/> as this slot's package; never throws for a storage failure.</summary>
    public void Store(MetricBatch batch, CancellationToken stopping)
    {
        // The runner reuses its batches: one read-only view per batch, made once.
        if (!ReferenceEquals(batch, _wrapped))
        {
            _wrapped = batch;
            _package = new MetricPackage(kind, batch);
        }
        try
        {
            storage.Store(_package!, stopping);
            if (_latch.Clear(out var failed)) Log.Recovered(log, key, storage.GetType().Name, failed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failures.Count("storage", key);
            if (_latch.Fail(e.Message)) Log.Failed(log, storage.GetType().Name, e.Message, key);
        }
    }
}
