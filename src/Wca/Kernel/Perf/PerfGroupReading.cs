namespace Wca.Kernel.Perf;

/// <summary>
/// One group read (PERF_FORMAT_GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING | ID) over the caller's buffer:
/// nr, time_enabled, time_running, then (value, id) per event in group order.
/// </summary>
internal readonly ref struct PerfGroupReading(ReadOnlySpan<ulong> words)
{
    private readonly ReadOnlySpan<ulong> _words = words;

    /// <summary>Number of events in the group (nr).</summary>
    public int Count => (int)_words[0];

    /// <summary>Nanoseconds the group was enabled.</summary>
    public ulong TimeEnabled => _words[1];

    /// <summary>Nanoseconds the group was on the PMU (less than enabled = multiplexed; 0 = not yet scheduled).</summary>
    public ulong TimeRunning => _words[2];

    /// <summary>The raw count of event <paramref name="index"/> (group order).</summary>
    public ulong Value(int index) => _words[3 + 2 * index];

    /// <summary>The kernel's id of event <paramref name="index"/>.</summary>
    public ulong Id(int index) => _words[4 + 2 * index];
}
