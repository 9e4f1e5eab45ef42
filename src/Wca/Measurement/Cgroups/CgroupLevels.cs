using System.Globalization;
using Wca.Api;

namespace Wca.Measurement.Cgroups;

/// <summary>The level label sets of leveled cgroup metrics, built once and shared by every task.</summary>
internal static class CgroupLevels
{
    private static LabelSet[] _numaNodes = [];
    private static readonly Lock Gate = new();

    public static readonly LabelSet[] CpuPressure = Pressure("cpu");
    public static readonly LabelSet[] MemoryPressure = Pressure("memory");
    public static readonly LabelSet[] IoPressure = Pressure("io");

    /// <summary>[0] = kind "some", [1] = kind "full".</summary>
    private static LabelSet[] Pressure(string resource) =>
        [LabelSet.From(("resource", resource), ("kind", "some")), LabelSet.From(("resource", resource), ("kind", "full"))];

    /// <summary>numa_node="<paramref name="node"/>".</summary>
    public static LabelSet NumaNode(int node)
    {
        var nodes = _numaNodes;
        if ((uint)node < (uint)nodes.Length) return nodes[node];
        lock (Gate)
        {
            if (node >= _numaNodes.Length)
            {
                var grown = new LabelSet[Math.Max(node + 1, _numaNodes.Length * 2)];
                _numaNodes.CopyTo(grown, 0);
                for (var i = _numaNodes.Length; i < grown.Length; i++)
                    grown[i] = LabelSet.From(("numa_node", i.ToString(CultureInfo.InvariantCulture)));
                _numaNodes = grown;
            }
            return _numaNodes[node];
        }
    }
}
