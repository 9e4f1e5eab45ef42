using Wca.Kernel.Perf;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// The production opener: perf_event_open for every process (pid -1) on the socket's CPU with the PMU's dynamic
/// type, through the kernel layer's <see cref="PerfEventGroup"/>. No exclude_* bits: uncore PMUs count the whole
/// socket and refuse them.
/// </summary>
internal sealed class PerfUncoreGroupOpener : IUncoreGroupOpener
{
    public static readonly PerfUncoreGroupOpener Instance = new();

    public IUncoreGroup Open(UncorePmu pmu, int cpu, IReadOnlyList<UncoreEventConfig> configs, IReadOnlyList<string> names)
    {
        var attrs = new PerfEventAttr[configs.Count];
        for (var i = 0; i < attrs.Length; i++)
        {
            var c = configs[i];
            attrs[i] = PerfEventAttr.Counting((PerfEventType)pmu.Type, c.Config, c.Config1);
            attrs[i].Config2 = c.Config2;
            attrs[i].Config3 = c.Config3;
        }
        try
        {
            return new Group(PerfEventGroup.OpenForProcess(-1, cpu, attrs, names), configs.Count);
        }
        catch (PerfEventException e)
        {
            throw new UncoreOpenException(e.EventIndex, e.Errno, e.Message);
        }
    }

    private sealed class Group(PerfEventGroup group, int events) : IUncoreGroup
    {
        private readonly ulong[] _words = new ulong[PerfEventGroup.WordsFor(events)];

        public bool TryRead(Span<ulong> values, out ulong timeEnabled, out ulong timeRunning, out int errno)
        {
            timeEnabled = timeRunning = 0;
            if (!group.TryRead(_words, out var reading, out errno)) return false;
            timeEnabled = reading.TimeEnabled;
            timeRunning = reading.TimeRunning;
            for (var i = 0; i < values.Length && i < reading.Count; i++) values[i] = reading.Value(i);
            return true;
        }

        public void Dispose() => group.Dispose();
    }
}
