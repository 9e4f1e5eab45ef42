namespace Wca.Host.Logging;

/// <summary>
/// The state behind "log a repeating failure once, and once when it clears" for one source (a storage, a node, a
/// task's resource, a perf event ...). The caller logs through its own [LoggerMessage] methods when
/// <see cref="Fail"/> or <see cref="Clear(out long)"/> says so; a failure with another key (another error) is logged again.
/// Not thread-safe: one latch per source, used from the iteration thread.
/// </summary>
public sealed class FailureLatch
{
    /// <summary>The key of the failure being latched; null while the source works.</summary>
    public string? Current { get; private set; }

    /// <summary>Failures since the source last worked (the first one included).</summary>
    public long Repeats { get; private set; }

    /// <summary>Whether the source failed last time.</summary>
    public bool IsFailing => Current is not null;

    /// <summary>Records a failure; true when it should be logged (the first one, or a different one than before).</summary>
    /// <param name="key">What distinguishes failures worth a line each (e.g. the error message).</param>
    public bool Fail(string key)
    {
        Repeats++;
        if (string.Equals(Current, key, StringComparison.Ordinal)) return false;
        Current = key;
        return true;
    }

    /// <summary>Records a success; true when it ends a failure (log the recovery once), with how many failures it ended.</summary>
    public bool Clear(out long repeats)
    {
        repeats = Repeats;
        if (Current is null) return false;
        Current = null;
        Repeats = 0;
        return true;
    }

    /// <inheritdoc cref="Clear(out long)"/>
    public bool Clear() => Clear(out _);
}
