namespace Wca.Measurement.Perf.Uncore;

/// <summary>The kernel refused an event of an uncore group: which one (its index in the group) and the errno.</summary>
internal sealed class UncoreOpenException(int eventIndex, int errno, string message) : Exception(message)
{
    /// <summary>0 = the leader.</summary>
    public int EventIndex { get; } = eventIndex;

    /// <summary>The positive errno.</summary>
    public int Errno { get; } = errno;
}
