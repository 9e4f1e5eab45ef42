namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// Opens uncore event groups: the production one through perf_event_open (<see cref="PerfUncoreGroupOpener"/>), a
/// test one with synthetic readings, so the collector's formulas are tested without uncore hardware.
/// </summary>
internal interface IUncoreGroupOpener
{
    /// <summary>
    /// Opens <paramref name="configs"/> (leader first) as one group on <paramref name="pmu"/> counting the socket of
    /// <paramref name="cpu"/>, enabled. Throws <see cref="UncoreOpenException"/> saying which event the kernel refused.
    /// </summary>
    IUncoreGroup Open(UncorePmu pmu, int cpu, IReadOnlyList<UncoreEventConfig> configs, IReadOnlyList<string> names);
}

/// <summary>One open uncore group.</summary>
internal interface IUncoreGroup : IDisposable
{
    /// <summary>Reads every event's raw count (group order) and the group's times in one read; false with the errno when it fails.</summary>
    bool TryRead(Span<ulong> values, out ulong timeEnabled, out ulong timeRunning, out int errno);
}
