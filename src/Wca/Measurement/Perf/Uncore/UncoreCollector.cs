using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// The platform's uncore counters (uncore_event_names): opened once at start, one group per configured group, PMU
/// instance and socket; read every iteration into platform_* series labelled socket and pmu_type, with
/// platform_scaling_uncore_factor and, with enable_derived_metrics, the bandwidth and latency metrics; closed at
/// shutdown. Nothing stops the agent: no uncore PMU (a VM), a PMU kind the host lacks, an event a PMU refuses and a
/// failing read are each said once and left out while the rest is measured.
/// </summary>
internal sealed partial class UncoreCollector : IDisposable
{
    private readonly ILogger _log;
    private readonly bool _derived;
    private readonly List<OpenGroup> _groups = [];
    private readonly List<UncoreChannel> _channels = [];
    private readonly Dictionary<int, LabelSet> _socketLabels = [];
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly FailureLatch _readFailure = new();
    private ulong[] _buffer = [];
    private double? _lastSeconds;

    private UncoreCollector(ILogger log, bool derived)
    {
        _log = log;
        _derived = derived;
    }

    /// <summary>Groups open (for tests and the descriptor count).</summary>
    public int OpenGroups => _groups.Count;

    /// <summary>Descriptors held: one per event of every open group (counted as they open: read every iteration).</summary>
    public int OpenDescriptors { get; private set; }

    /// <summary>Discovers the PMUs under <paramref name="paths"/>' sys root and opens the groups <paramref name="events"/> asks for.</summary>
    public static UncoreCollector Open(UncoreEventGroups events, bool derived, HostPaths paths, LabelSet common, ILogger log, IUncoreGroupOpener opener)
    {
        var collector = new UncoreCollector(log, derived);
        var problems = new List<string>();
        var pmus = UncorePmuDiscovery.Discover(paths, problems);
        foreach (var problem in problems) Log.PmuUnreadable(log, problem);
        var devices = UncorePmuDiscovery.DevicesDirectory(paths);
        if (pmus.Count == 0)
        {
            Log.NoUncorePmus(log, string.Join(", ", events.Names), Path.Combine(devices, "uncore_*"));
            return collector;
        }
        try
        {
            var channels = new Dictionary<(string, int), UncoreChannel>();
            foreach (var group in events.Groups)
                foreach (var kind in group.Select(e => e.PmuKind).Distinct(StringComparer.Ordinal))
                    collector.OpenKind(kind, [.. group.Where(e => e.PmuKind == kind)], pmus, devices, common, opener, channels);
            collector._channels.AddRange(channels.Values);
            foreach (var c in collector._channels)
                if (!collector._socketLabels.ContainsKey(c.Socket))
                    collector._socketLabels.Add(c.Socket, LabelSet.From(("socket", c.Socket.ToString(System.Globalization.CultureInfo.InvariantCulture))).Merge(common));
            collector._buffer = new ulong[Math.Max(1, collector._groups.Count == 0 ? 1 : collector._groups.Max(g => g.Events.Length))];
            Log.Opened(log, collector._groups.Count, collector.OpenDescriptors, collector._channels.Count);
            return collector;
        }
        catch
        {
            collector.Dispose();
            throw;
        }
    }

    private void OpenKind(string kind, List<UncoreEventDefinition> events, IReadOnlyList<UncorePmu> pmus, string devices, LabelSet common,
        IUncoreGroupOpener opener, Dictionary<(string, int), UncoreChannel> channels)
    {
        var instances = pmus.Where(p => p.Kind == kind).ToArray();
        if (instances.Length == 0)
        {
            if (FirstTime("kind", kind, ""))
                Log.NoPmuOfKind(_log, kind, string.Join(", ", events.Select(e => e.Name)), Path.Combine(devices, kind + "_*"),
                    string.Join(", ", pmus.Select(p => p.Kind).Distinct(StringComparer.Ordinal)));
            return;
        }
        foreach (var pmu in instances)
        {
            var usable = new List<UncoreEventDefinition>(events.Count);
            var configs = new List<UncoreEventConfig>(events.Count);
            foreach (var e in events)
            {
                if (e.TryEncode(pmu, out var config, out var error))
                {
                    usable.Add(e);
                    configs.Add(config);
                }
                else if (FirstTime("encode", e.Name, error!)) Log.EventNotEncodable(_log, e.ToString(), error!);
            }
            foreach (var (socket, cpu) in pmu.Sockets)
                OpenOnSocket(pmu, socket, cpu, [.. usable], [.. configs], common, opener, channels);
        }
    }

    /// <summary>Opens the group; an event the kernel refuses is reported once and the group opened without it.</summary>
    private void OpenOnSocket(UncorePmu pmu, int socket, int cpu, List<UncoreEventDefinition> events, List<UncoreEventConfig> configs, LabelSet common,
        IUncoreGroupOpener opener, Dictionary<(string, int), UncoreChannel> channels)
    {
        while (events.Count > 0)
        {
            try
            {
                var group = opener.Open(pmu, cpu, configs, [.. events.Select(e => e.Name)]);
                if (!channels.TryGetValue((pmu.Name, socket), out var channel))
                    channels.Add((pmu.Name, socket), channel = new UncoreChannel(pmu, socket, common));
                _groups.Add(new OpenGroup(group, channel, [.. events], [.. events.Select(e => channel.Slot(e.Name))], pmu.Name, cpu));
                OpenDescriptors += events.Count;
                return;
            }
            catch (UncoreOpenException e)
            {
                var meaning = UncoreErrno.Meaning(e.Errno, pmu, cpu);
                if (UncoreErrno.IsGlobal(e.Errno))
                {
                    if (FirstTime("global", "", meaning)) Log.GroupRefused(_log, $"{pmu.Name} (type {pmu.Type})", string.Join(", ", events.Select(x => x.Name)), meaning);
                    return;
                }
                if (e.EventIndex == 0 && e.Errno == UncoreErrno.Enoent)
                {
                    // No PMU of this type: every event would fail the same way.
                    if (FirstTime("pmu", pmu.Kind, e.Errno.ToString(System.Globalization.CultureInfo.InvariantCulture))) Log.PmuRefused(_log, $"{pmu.Name} (type {pmu.Type}, cpu {cpu})", string.Join(", ", events.Select(x => x.Name)), meaning);
                    return;
                }
                var index = Math.Clamp(e.EventIndex, 0, events.Count - 1);
                if (FirstTime("event", events[index].Name + "\n" + pmu.Kind, meaning))
                    Log.EventRefused(_log, events[index].ToString(), $"{pmu.Name} (type {pmu.Type}, cpu {cpu}, {configs[index]})", meaning);
                events.RemoveAt(index);
                configs.RemoveAt(index);
            }
        }
    }

    /// <summary>Whether this problem is new: each is said once, not once per PMU instance and socket.</summary>
    private bool FirstTime(string what, string subject, string detail) => _reported.Add(string.Concat(what, "\n", subject, "\n", detail));

    /// <summary>Reads every group and appends its series (and the derived ones) to <paramref name="batch"/>; <paramref name="seconds"/> is the iteration's time.</summary>
    public void Collect(MetricBatch batch, double seconds)
    {
        if (_groups.Count == 0) return;
        OpenGroup? failed = null;
        var failedErrno = 0;
        foreach (var g in _groups)
        {
            var values = _buffer.AsSpan(0, g.Events.Length);
            if (!g.Group.TryRead(values, out var enabled, out var running, out var errno))
            {
                if (failed is null) (failed, failedErrno) = (g, errno);
                continue;
            }
            var factor = UncoreScaling.Factor(enabled, running);
            for (var i = 0; i < g.Events.Length; i++)
            {
                var value = UncoreScaling.Scale(values[i], factor);
                g.Channel.Set(g.Slots[i], value);
                batch.Add(g.Events[i].Descriptor, value, g.Channel.Labels);
            }
            g.Channel.Factor = Math.Max(g.Channel.Factor, factor);
        }
        // One line for failing reads (the first failing group, by errno) and one when all read again, not one per group.
        if (failed is not null)
        {
            if (_readFailure.Fail(failedErrno.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                Log.ReadFailed(_log, failed.PmuName, failed.Cpu, string.Join(", ", failed.Events.Select(e => e.Name)), $"errno {failedErrno} ({Wca.Kernel.Errno.Describe(failedErrno)})");
        }
        else if (_readFailure.Clear(out var failures)) Log.ReadsAgain(_log, failures);
        foreach (var c in _channels)
            if (c.Factor >= 0) batch.Add(MetricCatalog.PlatformScalingUncoreFactor, c.Factor, c.Labels);
        if (_derived && _lastSeconds is { } last) UncoreDerivedMetrics.Append(batch, _channels, seconds - last, _socketLabels);
        _lastSeconds = seconds;
        foreach (var c in _channels) c.Rotate();
    }

    public void Dispose()
    {
        foreach (var g in _groups) g.Group.Dispose();
        _groups.Clear();
        OpenDescriptors = 0;
    }

    private sealed record OpenGroup(IUncoreGroup Group, UncoreChannel Channel, UncoreEventDefinition[] Events, int[] Slots, string PmuName, int Cpu);
}
