using Wca.Api;

using Wca.Kernel;
using Wca.Kernel.Cgroups;
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
}
