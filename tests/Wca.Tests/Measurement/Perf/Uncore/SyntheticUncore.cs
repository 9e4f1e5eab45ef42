using Wca.Measurement.Perf.Uncore;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>
/// An uncore opener with synthetic readings: the counts a test sets per (PMU, cpu, event), the times it sets, and the
/// refusals it is told to give, as the kernel would (an errno for an event, ENOENT for a PMU type it lacks).
/// </summary>
internal sealed class SyntheticUncore : IUncoreGroupOpener
{
    public Dictionary<(string Pmu, int Cpu, string Event), ulong> Counts { get; } = [];
    public Dictionary<string, int> RefusedEvents { get; } = new(StringComparer.Ordinal);
    public HashSet<uint> UnknownTypes { get; } = [];
    public int? RefuseAllWith { get; set; }
    public (ulong Enabled, ulong Running) Times { get; set; } = (1_000_000, 1_000_000);
    public int? ReadErrno { get; set; }
    public List<(string Pmu, int Cpu, string[] Names, UncoreEventConfig[] Configs)> Opened { get; } = [];
    public int OpenCount { get; private set; }

    public IUncoreGroup Open(UncorePmu pmu, int cpu, IReadOnlyList<UncoreEventConfig> configs, IReadOnlyList<string> names)
    {
        if (RefuseAllWith is { } errno) throw new UncoreOpenException(0, errno, "refused");
        if (UnknownTypes.Contains(pmu.Type)) throw new UncoreOpenException(0, 2, "no such type");
        for (var i = 0; i < names.Count; i++)
            if (RefusedEvents.TryGetValue(names[i], out var refused)) throw new UncoreOpenException(i, refused, "refused");
        Opened.Add((pmu.Name, cpu, [.. names], [.. configs]));
        OpenCount++;
        return new Group(this, pmu.Name, cpu, [.. names]);
    }

    private sealed class Group(SyntheticUncore owner, string pmu, int cpu, string[] names) : IUncoreGroup
    {
        private bool _disposed;

        public bool TryRead(Span<ulong> values, out ulong timeEnabled, out ulong timeRunning, out int errno)
        {
            Assert.False(_disposed);
            (timeEnabled, timeRunning) = owner.Times;
            errno = owner.ReadErrno ?? 0;
            if (owner.ReadErrno is not null) return false;
            for (var i = 0; i < names.Length; i++) values[i] = owner.Counts.GetValueOrDefault((pmu, cpu, names[i]));
            return true;
        }

        public void Dispose()
        {
            if (!_disposed) owner.OpenCount--;
            _disposed = true;
        }
    }
}
