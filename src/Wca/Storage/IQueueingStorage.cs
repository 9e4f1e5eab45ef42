namespace Wca.Storage;

/// <summary>
/// A storage that keeps packages it could not deliver yet (a remote sink during an outage). The runner reports its
/// backlog with the agent's own metrics: wca_storage_queue_packages, wca_storage_queue_bytes and
/// wca_storage_dropped_packages_total, labelled with the storage slot.
/// </summary>
internal interface IQueueingStorage
{
    /// <summary>The backlog now; read on the runner's thread between stores.</summary>
    StorageQueueState QueueState { get; }
}
