using Wca.Api;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// One PMU instance on one socket (a memory-controller channel, a UPI link): the scaled values of its events this
/// iteration and the last, from whichever configured groups count them, and its series' labels.
/// </summary>
internal sealed class UncoreChannel
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private double[] _current = [], _previous = [];
    private bool[] _hasCurrent = [], _hasPrevious = [];

    public UncoreChannel(UncorePmu pmu, int socket, LabelSet common)
    {
        Pmu = pmu;
        Socket = socket;
        var type = pmu.Type.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Labels = LabelSet.From(("socket", socket.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("pmu_type", type)).Merge(common);
    }

    public UncorePmu Pmu { get; }

    public int Socket { get; }

    /// <summary>socket, pmu_type and the common labels.</summary>
    public LabelSet Labels { get; }

    /// <summary>The largest scaling factor of its groups this iteration (-1 = none read).</summary>
    public double Factor { get; set; } = -1;

    /// <summary>A slot for <paramref name="name"/>'s value (called while opening).</summary>
    public int Slot(string name)
    {
        if (_index.TryGetValue(name, out var slot)) return slot;
        slot = _index.Count;
        _index.Add(name, slot);
        Array.Resize(ref _current, slot + 1);
        Array.Resize(ref _previous, slot + 1);
        Array.Resize(ref _hasCurrent, slot + 1);
        Array.Resize(ref _hasPrevious, slot + 1);
        return slot;
    }

    public void Set(int slot, double value)
    {
        _current[slot] = value;
        _hasCurrent[slot] = true;
    }

    /// <summary>The increase of <paramref name="descriptor"/>'s event since the last iteration; false when either reading is missing or the count went back (a re-opened counter).</summary>
    public bool TryDelta(MetricDescriptor descriptor, out double delta)
    {
        delta = 0;
        if (!_index.TryGetValue(descriptor.Name, out var slot) || !_hasCurrent[slot] || !_hasPrevious[slot]) return false;
        delta = _current[slot] - _previous[slot];
        return delta >= 0;
    }

    /// <summary>This iteration's values become the last ones; the next iteration starts with none.</summary>
    public void Rotate()
    {
        (_previous, _current) = (_current, _previous);
        (_hasPrevious, _hasCurrent) = (_hasCurrent, _hasPrevious);
        Array.Clear(_hasCurrent);
        Factor = -1;
    }
}
