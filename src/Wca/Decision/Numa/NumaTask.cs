using Wca.Api;

namespace Wca.Decision.Numa;

/// <summary>What the NUMAAllocator needs of one task this iteration: its size, where its pages are and where it is pinned.</summary>
internal sealed class NumaTask
{
    /// <summary>Bytes per page of task_mem_numa_pages (memory.numa_stat counts 4 KiB pages; HugePages are not supported).</summary>
    public const long PageSize = 4096;

    private readonly Dictionary<int, double> _pages;

    private NumaTask(string id, TaskData data, double size, Dictionary<int, double> pages, bool hasPages, int currentNode)
    {
        Id = id;
        Data = data;
        Size = size;
        _pages = pages;
        HasPages = hasPages;
        TotalPages = pages.Values.Sum();
        CurrentNode = currentNode;
    }

    public string Id { get; }
    public TaskData Data { get; }

    /// <summary>Bytes: the orchestrator's memory request (resource <c>mem</c>) if the task has one, else its memory usage.</summary>
    public double Size { get; }

    /// <summary>Whether task_mem_numa_pages was measured (without it every balance is 0).</summary>
    public bool HasPages { get; }

    public double TotalPages { get; }

    /// <summary>The node whose CPUs are exactly the task's cpuset.cpus; -1 when the task is not pinned.</summary>
    public int CurrentNode { get; }

    public bool IsPinned => CurrentNode >= 0;

    /// <summary>A task without a size (a cgroup without processes, no measurements yet) is not placed.</summary>
    public bool IsGhost => Size <= 0;

    public double PagesOn(int node) => _pages.GetValueOrDefault(node);

    /// <summary>Pages outside <paramref name="node"/>: what a migration to it moves.</summary>
    public double PagesOutside(int node) => TotalPages - PagesOn(node);

    /// <summary>Share of the task's pages on <paramref name="node"/> (0 when it has none).</summary>
    public double Balance(int node) => TotalPages > 0 ? PagesOn(node) / TotalPages : 0;

    /// <summary>The largest share of the task's pages on one node.</summary>
    public double BestBalance(IEnumerable<NumaNode> nodes) => nodes.Max(n => Balance(n.Id));

    public static NumaTask From(string id, TaskData data, IReadOnlyList<NumaNode> nodes)
    {
        var pages = new Dictionary<int, double>();
        var hasPages = false;
        foreach (var metric in data.Series)
        {
            if (metric.Name != TaskMetricNames.MemNumaPages || !metric.Labels.TryGetValue("numa_node", out var node)
                || !int.TryParse(node, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var nodeId)) continue;
            hasPages = true;
            pages[nodeId] = pages.GetValueOrDefault(nodeId) + metric.Value;
        }
        return new NumaTask(id, data, SizeOf(data), pages, hasPages, CurrentNodeOf(data.Allocations, nodes));
    }

    private static double SizeOf(TaskData data)
    {
        if (data.Task.Resources.TryGetValue("mem", out var mem) && Number(mem) is { } requested) return requested;
        return data.Measurements.TryGetValue(TaskMetricNames.MemUsageBytes, out var usage) ? usage : 0;
    }

    private static double? Number(object value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static int CurrentNodeOf(TaskAllocation? allocations, IReadOnlyList<NumaNode> nodes)
    {
        if (allocations?.CpusetCpus is not { } text || Allocation.CpuList.Parse(text, out _) is not { Count: > 0 } cpus) return -1;
        foreach (var node in nodes)
            if (node.Cpus.Count == cpus.Count && cpus.SetEquals(node.Cpus)) return node.Id;
        return -1;
    }
}
