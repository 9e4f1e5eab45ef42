namespace Wca.Storage.Kafka;

/// <summary>
/// The serialised packages a storage has not delivered yet, oldest first, bounded in packages and bytes: adding past
/// a bound drops the oldest (counted). Only the runner's thread uses it; delivery reports come back through
/// <see cref="QueuedPackage"/>.
/// </summary>
internal sealed class PackageQueue(int maxPackages, long maxBytes)
{
    private readonly LinkedList<QueuedPackage> _packages = new();

    public int MaxPackages => maxPackages;

    public long MaxBytes => maxBytes;

    public int Count => _packages.Count;

    public long Bytes { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>The oldest package; null when empty.</summary>
    public QueuedPackage? Oldest => _packages.First?.Value;

    /// <summary>Oldest first.</summary>
    public IEnumerable<QueuedPackage> InOrder => _packages;

    /// <summary>Queues <paramref name="package"/>, dropping the oldest until both bounds hold; returns how many were dropped.</summary>
    public int Add(QueuedPackage package)
    {
        var dropped = 0;
        // A package bigger than the byte bound alone still goes (alone): dropping the newest would lose the one just made.
        while (_packages.Count > 0 && (_packages.Count + 1 > maxPackages || Bytes + package.Bytes.Length > maxBytes))
        {
            Remove(_packages.First!.Value);
            dropped++;
        }
        _packages.AddLast(package);
        Bytes += package.Bytes.Length;
        Dropped += dropped;
        return dropped;
    }

    /// <summary>Removes the delivered packages at the head, in order; returns how many.</summary>
    public int RemoveDeliveredHead()
    {
        var removed = 0;
        while (_packages.First is { } first && first.Value.State == DeliveryState.Delivered)
        {
            Remove(first.Value);
            removed++;
        }
        return removed;
    }

    /// <summary>Drops <paramref name="package"/> undelivered (Kafka refused it for good), counted.</summary>
    public void Drop(QueuedPackage package)
    {
        Remove(package);
        Dropped++;
    }

    private void Remove(QueuedPackage package)
    {
        _packages.Remove(package);
        Bytes -= package.Bytes.Length;
    }
}
