using System.Collections;

namespace Wca.Api;

/// <summary>
/// One package of metrics handed to a storage in one call (one file write, one Kafka message).
/// The runner reuses batches between iterations, so a storage must copy what it keeps.
/// </summary>
public sealed class MetricBatch : IReadOnlyList<Metric>
{
    private Metric[] _items;
    private int _count;

    /// <summary>An empty batch with room for <paramref name="capacity"/> metrics before it grows.</summary>
    public MetricBatch(int capacity = 64) => _items = new Metric[Math.Max(capacity, 4)];

    /// <summary>When the package was made (Unix time, milliseconds); storages use it as the sample timestamp.</summary>
    public long TimestampMilliseconds { get; set; }

    /// <summary>Number of metrics in the batch.</summary>
    public int Count => _count;

    /// <summary>The metric at <paramref name="index"/>, in the order added.</summary>
    public Metric this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The metrics in the order added, without copying; valid until the batch changes.</summary>
    public ReadOnlySpan<Metric> AsSpan() => _items.AsSpan(0, _count);

    /// <summary>Appends one metric.</summary>
    public void Add(in Metric metric)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[_count++] = metric;
    }

    /// <summary>Appends one sample of <paramref name="descriptor"/>.</summary>
    public void Add(MetricDescriptor descriptor, double value, LabelSet labels) => Add(new Metric(descriptor, value, labels));

    /// <summary>Appends every metric of <paramref name="metrics"/>, in order.</summary>
    public void AddRange(IEnumerable<Metric> metrics)
    {
        foreach (var m in metrics) Add(m);
    }

    /// <summary>Overlays <paramref name="common"/> on every metric (common wins), as the reference does before storing.</summary>
    public void ApplyCommonLabels(LabelSet common)
    {
        if (common.Count == 0) return;
        // Metrics sharing a label set keep sharing the merged one.
        LabelSet? lastIn = null, lastOut = null;
        for (var i = 0; i < _count; i++)
        {
            var labels = _items[i].Labels;
            if (!ReferenceEquals(labels, lastIn)) { lastIn = labels; lastOut = labels.Merge(common); }
            _items[i] = _items[i] with { Labels = lastOut! };
        }
    }

    /// <summary>Empties the batch, keeping its capacity (the runner reuses batches).</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Enumerates the metrics in the order added.</summary>
    public IEnumerator<Metric> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return _items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
