using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Kernel;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Sched;

/// <summary>
/// A task cgroup's scheduler statistics (the final release's <c>sched</c> option): every thread listed in the
/// cgroup's <c>tasks</c> (v1) or <c>cgroup.threads</c> (v2) has its <c>/proc/&lt;tid&gt;/sched</c> read; each
/// "key : value" line becomes task_sched_stat{key} (summed over the threads) and each numa_faults line
/// task_sched_stat_numa_faults{numa_node, fault_type}. Threads come and go between the list and the read: a vanished
/// one adds nothing. Opt-in, as in the original: it opens one file per thread every iteration.
/// </summary>
internal sealed class SchedStatResource(string threadsFile, string procRoot, Regex? keys) : ITaskResource
{
    private static readonly (string Name, byte[] Bytes)[] FaultTypes =
        [.. new[] { "task_private", "task_shared", "group_private", "group_shared" }.Select(t => (t, System.Text.Encoding.ASCII.GetBytes(t)))];

    private readonly Dictionary<string, int> _slotOfKey = new(StringComparer.Ordinal);
    private readonly List<(LabelSet Levels, MetricDescriptor Descriptor)> _slots = [];
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);
    private double[] _sums = new double[64];
    private bool[] _seen = new bool[64];

    public string Name => "sched";

    public string? Error { get; private set; }

    public void Sync()
    {
    }

    public CollectOutcome Collect(TaskSample sample)
    {
        if (CgroupMembers.Read(threadsFile, out var error) is not { } threads)
        {
            Error = error;
            return error is null ? CollectOutcome.Gone : CollectOutcome.Failed;
        }
        Array.Clear(_sums);
        Array.Clear(_seen);
        foreach (var tid in threads)
        {
            if (tid.Length == 0) continue;
            using var file = KernelFile.TryOpen(Path.Combine(procRoot, tid, "sched"), 0);
            if (file is null) continue; // the thread ended after the list was read
            var n = file.Read(out var text);
            if (n <= 0) continue;
            Accumulate(text);
        }
        for (var i = 0; i < _slots.Count; i++)
            if (_seen[i]) sample.Add(_slots[i].Descriptor, _sums[i], _slots[i].Levels);
        return CollectOutcome.Ok;
    }

    private void Accumulate(ReadOnlySpan<byte> text)
    {
        while (KernelText.NextLine(ref text, out var line))
        {
            if (line.StartsWith("numa_faults "u8))
            {
                NumaFaults(line);
                continue;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (key.IsEmpty || !KernelText.TryParseDouble(value, out var number)) continue;
            Add(System.Text.Encoding.ASCII.GetString(key), "key", null, number, keyFiltered: true);
        }
    }

    /// <summary>"numa_faults node=0 task_private=1 task_shared=2 group_private=3 group_shared=4".</summary>
    private void NumaFaults(ReadOnlySpan<byte> line)
    {
        string? node = null;
        while (KernelText.NextField(ref line, out var field))
        {
            var eq = field.IndexOf((byte)'=');
            if (eq <= 0) continue;
            var name = field[..eq];
            var valueText = field[(eq + 1)..];
            if (name.SequenceEqual("node"u8))
            {
                node = System.Text.Encoding.ASCII.GetString(valueText);
                continue;
            }
            if (node is null || !KernelText.TryParseDouble(valueText, out var value)) continue;
            foreach (var (type, bytes) in FaultTypes)
                if (name.SequenceEqual(bytes)) Add(type, "fault_type", node, value, keyFiltered: false);
        }
    }

    private void Add(string key, string label, string? node, double value, bool keyFiltered)
    {
        var id = node is null ? key : node + "/" + key;
        if (!_slotOfKey.TryGetValue(id, out var slot))
        {
            if (_rejected.Contains(id)) return;
            if (keyFiltered && keys is not null && !keys.IsMatch(key))
            {
                _rejected.Add(id);
                return;
            }
            slot = _slots.Count;
            var levels = node is null
                ? LabelSet.From((label, key))
                : LabelSet.From(("numa_node", node), (label, key));
            _slots.Add((levels, node is null ? MetricCatalog.TaskSchedStat : MetricCatalog.TaskSchedStatNumaFaults));
            _slotOfKey[id] = slot;
            if (slot >= _sums.Length)
            {
                Array.Resize(ref _sums, _sums.Length * 2);
                Array.Resize(ref _seen, _seen.Length * 2);
            }
        }
        _sums[slot] += value;
        _seen[slot] = true;
    }

    public void Dispose()
    {
    }
}
