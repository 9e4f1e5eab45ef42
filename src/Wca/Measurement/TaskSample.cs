using Wca.Api;

namespace Wca.Measurement;

/// <summary>
/// One task's measurements of this iteration. Reused across iterations (cleared, not reallocated),
/// so steady-state measurement allocates nothing.
/// </summary>
public sealed class TaskSample
{
    /// <param name="Descriptor">Catalogue descriptor.</param>
    /// <param name="Value">The value.</param>
    /// <param name="Levels">Extra labels of a leveled metric (e.g. numa_node="0"); cache and reuse these instances.</param>
    public readonly record struct Entry(MetricDescriptor Descriptor, double Value, LabelSet? Levels);

    private Entry[] _entries = new Entry[32];
    private int[] _contributors = [];
    private int _count;

    public ReadOnlySpan<Entry> Entries => _entries.AsSpan(0, _count);

    public int Count => _count;

    public void Add(MetricDescriptor descriptor, double value, LabelSet? levels = null)
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _entries[_count++] = new Entry(descriptor, value, levels);
    }

    /// <summary>Forgets what was added since <paramref name="count"/> (a source that failed half-way).</summary>
    public void Truncate(int count) => _count = Math.Min(_count, Math.Max(0, count));

    public void Clear() => _count = 0;

    public bool TryGet(MetricDescriptor descriptor, out double value)
    {
        foreach (ref readonly var e in Entries)
        {
            if (ReferenceEquals(e.Descriptor, descriptor) && e.Levels is null) { value = e.Value; return true; }
        }
        value = 0;
        return false;
    }

    /// <summary>
    /// Adds one container's values to this (a pod's) sample: a series both have is summed, and a gauge becomes the
    /// mean over the containers that have it once <see cref="FinishMerge"/> runs (the original's rule for pods).
    /// </summary>
    public void MergeFrom(TaskSample container)
    {
        if (_contributors.Length < _entries.Length) Array.Resize(ref _contributors, _entries.Length);
        foreach (ref readonly var e in container.Entries)
        {
            var i = IndexOf(e.Descriptor, e.Levels);
            if (i < 0)
            {
                Add(e.Descriptor, e.Value, e.Levels);
                if (_contributors.Length < _entries.Length) Array.Resize(ref _contributors, _entries.Length);
                _contributors[_count - 1] = 1;
                continue;
            }
            _entries[i] = _entries[i] with { Value = _entries[i].Value + e.Value };
            _contributors[i]++;
        }
    }

    /// <summary>Turns the summed gauges of <see cref="MergeFrom"/> into means.</summary>
    public void FinishMerge()
    {
        for (var i = 0; i < _count && i < _contributors.Length; i++)
        {
            if (_entries[i].Descriptor.Type == MetricType.Gauge && _contributors[i] > 1)
                _entries[i] = _entries[i] with { Value = _entries[i].Value / _contributors[i] };
            _contributors[i] = 0;
        }
    }

    private int IndexOf(MetricDescriptor descriptor, LabelSet? levels)
    {
        for (var i = 0; i < _count; i++)
        {
            ref readonly var e = ref _entries[i];
            if (ReferenceEquals(e.Descriptor, descriptor) && (ReferenceEquals(e.Levels, levels) || (e.Levels is not null && e.Levels.Equals(levels))))
                return i;
        }
        return -1;
    }
}
