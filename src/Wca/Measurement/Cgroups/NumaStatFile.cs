using System.Buffers.Text;
using Microsoft.Extensions.Logging;
using Wca.Measurement.Catalog;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// memory.numa_stat → task_mem_numa_pages{numa_node}. v1 lines are "hierarchical_total=P N0=P N1=P" (pages; the
/// hierarchical line is used, else "total="); v2 lines are "anon N0=B N1=B" and "file N0=B ..." (bytes: anon + file,
/// divided by the page size).
/// </summary>
internal sealed class NumaStatFile(string path, int fd, ILogger log, bool v2) : CgroupFile(path, fd, log)
{
    private static readonly double PageSize = Environment.SystemPageSize;

    private double[] _perNode = new double[8];

    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        Array.Clear(_perNode);
        var nodes = 0;
        var clean = true;
        if (v2)
        {
            while (KernelText.NextLine(ref content, out var line))
            {
                if (!CgroupText.Split(line, (byte)' ', out var key, out var values)) continue;
                if (key.SequenceEqual("anon"u8) || key.SequenceEqual("file"u8))
                    clean &= Accumulate(values, ref nodes);
            }
            for (var i = 0; i < nodes; i++) _perNode[i] /= PageSize;
        }
        else
        {
            scoped ReadOnlySpan<byte> total = default;
            scoped ReadOnlySpan<byte> hierarchical = default;
            while (KernelText.NextLine(ref content, out var line))
            {
                if (!CgroupText.Split(line, (byte)' ', out var key, out var values)) continue;
                if (key.StartsWith("hierarchical_total="u8)) hierarchical = values;
                else if (key.StartsWith("total="u8)) total = values;
            }
            var chosen = hierarchical.IsEmpty ? total : hierarchical;
            if (chosen.IsEmpty) return false;
            clean &= Accumulate(chosen, ref nodes);
        }
        for (var i = 0; i < nodes; i++)
            sample.Add(MetricCatalog.TaskMemNumaPages, _perNode[i], CgroupLevels.NumaNode(i));
        return clean;
    }

    /// <summary>Adds "N0=v N1=v ..." into the per-node sums; <paramref name="nodes"/> becomes the highest node + 1.</summary>
    private bool Accumulate(ReadOnlySpan<byte> values, ref int nodes)
    {
        var clean = true;
        while (!values.IsEmpty)
        {
            CgroupText.Split(values, (byte)' ', out var pair, out values);
            if (pair.IsEmpty) continue;
            if (pair[0] != (byte)'N' || !CgroupText.Split(pair[1..], (byte)'=', out var nodeText, out var valueText)
                || !Utf8Parser.TryParse(nodeText, out int node, out var used) || used != nodeText.Length || node is < 0 or > 4095
                || !CgroupText.TryParseInteger(valueText, out var value))
            {
                clean = false;
                continue;
            }
            if (node >= _perNode.Length) Array.Resize(ref _perNode, Math.Max(node + 1, _perNode.Length * 2));
            _perNode[node] += value;
            nodes = Math.Max(nodes, node + 1);
        }
        return clean;
    }
}
