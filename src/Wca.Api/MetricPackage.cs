using System.Collections;

namespace Wca.Api;

/// <summary>
/// One package of metrics handed to a storage in one <see cref="IStorage.Store"/> call (one file write, one Kafka
/// message, one scrape's worth). Read-only: a storage cannot change the runner's buffers. Valid only during the call:
/// the runner reuses the memory afterwards, so a storage that keeps metrics copies them (<see cref="ToArray"/>).
/// </summary>
public sealed class MetricPackage : IReadOnlyList<Metric>
{
    private readonly MetricBatch _batch;

    internal MetricPackage(PackageKind kind, MetricBatch batch)
    {
        Kind = kind;
        _batch = batch;
    }

    /// <summary>A package of the given metrics (copied), for plugins and tests that store packages themselves.</summary>
    public static MetricPackage Create(PackageKind kind, DateTimeOffset timestamp, IEnumerable<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var batch = new MetricBatch { TimestampMilliseconds = timestamp.ToUnixTimeMilliseconds() };
        batch.AddRange(metrics);
        return new MetricPackage(kind, batch);
    }

    /// <summary>What the package holds.</summary>
    public PackageKind Kind { get; }

    /// <summary>When the package was made (Unix time, milliseconds); storages use it as the sample timestamp.</summary>
    public long TimestampMilliseconds => _batch.TimestampMilliseconds;

    /// <summary>When the package was made.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(_batch.TimestampMilliseconds);

    /// <summary>Number of samples.</summary>
    public int Count => _batch.Count;

    /// <summary>The sample at <paramref name="index"/>.</summary>
    public Metric this[int index] => _batch[index];

    /// <summary>The samples, without copying.</summary>
    public ReadOnlySpan<Metric> Metrics => _batch.AsSpan();

    /// <summary>A copy of the samples, to keep after <see cref="IStorage.Store"/> returns.</summary>
    public Metric[] ToArray() => _batch.AsSpan().ToArray();

    internal MetricBatch Batch => _batch;

    /// <inheritdoc/>
    public IEnumerator<Metric> GetEnumerator() => _batch.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
