using Wca.Api;
using Wca.Measurement;

namespace Wca.Pipeline;

/// <summary>
/// The layout of one task's sample (which metric, with which level labels, at which position), shared by the
/// iterations that measure the same series in the same order: a task's measurements for a detector or allocator are
/// then one array of values over it, instead of a dictionary and a series array made anew per task and iteration.
/// </summary>
internal sealed class MeasurementShape
{
    private readonly MetricDescriptor[] _descriptors;
    private readonly LabelSet?[] _levels;

    private MeasurementShape(ReadOnlySpan<TaskSample.Entry> entries)
    {
        _descriptors = new MetricDescriptor[entries.Length];
        _levels = new LabelSet?[entries.Length];
        Unleveled = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            _descriptors[i] = entries[i].Descriptor;
            _levels[i] = entries[i].Levels;
            // The last value of a name wins, at the place the name first appeared (as a dictionary filled in order).
            if (entries[i].Levels is null) Unleveled[entries[i].Descriptor.Name] = i;
        }
    }

    /// <summary>Position of each unleveled measurement by metric name, in first-appearance order.</summary>
    public Dictionary<string, int> Unleveled { get; }

    public int Count => _descriptors.Length;

    /// <summary><paramref name="previous"/> when <paramref name="entries"/> has its layout, else a new shape.</summary>
    public static MeasurementShape Of(ReadOnlySpan<TaskSample.Entry> entries, MeasurementShape? previous) =>
        previous is not null && previous.Matches(entries) ? previous : new MeasurementShape(entries);

    /// <summary>The series at <paramref name="index"/> with its level labels only (no task labels).</summary>
    public Metric Series(int index, double value) => new(_descriptors[index], value, _levels[index] ?? LabelSet.Empty);

    private bool Matches(ReadOnlySpan<TaskSample.Entry> entries)
    {
        if (entries.Length != _descriptors.Length) return false;
        for (var i = 0; i < entries.Length; i++)
            if (!ReferenceEquals(entries[i].Descriptor, _descriptors[i]) || !ReferenceEquals(entries[i].Levels, _levels[i])) return false;
        return true;
    }
}
