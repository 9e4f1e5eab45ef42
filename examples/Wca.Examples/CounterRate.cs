namespace Example;

/// <summary>
/// Rates of monotonic counters between two calls, per task (most measurements a detector gets are raw counters).
/// Not a component: a helper a detector owns.
/// </summary>
public sealed class CounterRate
{
    private readonly Dictionary<string, (double Value, DateTimeOffset At)> _previous = new(StringComparer.Ordinal);

    /// <summary>The rate per second since the last call for <paramref name="key"/>, or null on its first call or when time did not advance.</summary>
    public double? Update(string key, double value, DateTimeOffset at)
    {
        double? rate = null;
        if (_previous.TryGetValue(key, out var before) && at > before.At) rate = (value - before.Value) / (at - before.At).TotalSeconds;
        _previous[key] = (value, at);
        return rate;
    }

    /// <summary>Forgets every key not in <paramref name="live"/> (tasks that are gone).</summary>
    public void Retain(Func<string, bool> live)
    {
        foreach (var gone in _previous.Keys.Where(k => !live(k)).ToArray()) _previous.Remove(gone);
    }
}
