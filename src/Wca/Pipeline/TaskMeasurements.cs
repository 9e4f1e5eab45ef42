using System.Diagnostics.CodeAnalysis;
using Wca.Api;
using Wca.Measurement;

namespace Wca.Pipeline;

/// <summary>
/// One task's measurements of one iteration, as <see cref="TaskData.Measurements"/> (unleveled values by metric name)
/// and <see cref="TaskData.Series"/> (every series with its level labels): this iteration's values, copied once, over
/// the task's <see cref="MeasurementShape"/>. Never changes after it is made, so a plugin may keep it.
/// </summary>
internal sealed class TaskMeasurements : IReadOnlyDictionary<string, double>
{
    private readonly MeasurementShape _shape;
    private readonly double[] _values;

    public TaskMeasurements(MeasurementShape shape, ReadOnlySpan<TaskSample.Entry> entries)
    {
        _shape = shape;
        _values = new double[entries.Length];
        for (var i = 0; i < entries.Length; i++) _values[i] = entries[i].Value;
        Series = new SeriesView(this);
    }

    /// <summary>Every series of the sample, in order, with its level labels.</summary>
    public IReadOnlyList<Metric> Series { get; }

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no measurement named {key}");

    public IEnumerable<string> Keys => _shape.Unleveled.Keys;

    public IEnumerable<double> Values => _shape.Unleveled.Values.Select(i => _values[i]);

    public int Count => _shape.Unleveled.Count;

    public bool ContainsKey(string key) => _shape.Unleveled.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        if (_shape.Unleveled.TryGetValue(key, out var i))
        {
            value = _values[i];
            return true;
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        foreach (var (name, i) in _shape.Unleveled) yield return new(name, _values[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class SeriesView(TaskMeasurements owner) : IReadOnlyList<Metric>
    {
        public Metric this[int index] => (uint)index < (uint)owner._values.Length
            ? owner._shape.Series(index, owner._values[index])
            : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => owner._values.Length;

        public IEnumerator<Metric> GetEnumerator()
        {
            for (var i = 0; i < owner._values.Length; i++) yield return owner._shape.Series(i, owner._values[i]);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
