using System.Globalization;
using Wca.Api;

namespace Wca.Decision.Numa;

/// <summary>A node for a task, and why (said in the log line and the allocation's reasons).</summary>
internal sealed record NumaChoice(int Node, string Reason);

/// <summary>
/// The node choices of the two algorithms. Pure: the nodes, the memory already pinned to each (bytes) and the task.
/// Ties go to the lowest node id, so a choice is the same on every run.
/// </summary>
internal static class NumaPlacement
{
    /// <summary>fill_biggest_first: the node with the least pinned memory.</summary>
    public static NumaChoice LeastPinned(IReadOnlyList<NumaNode> nodes, IReadOnlyDictionary<int, double> pinned)
    {
        var node = nodes.OrderBy(n => pinned[n.Id]).ThenBy(n => n.Id).First();
        return new NumaChoice(node.Id, string.Create(CultureInfo.InvariantCulture, $"the biggest unpinned task; node {node.Id} has the least pinned memory ({pinned[node.Id]:0} bytes)"));
    }

    /// <summary>
    /// minimize_migrations, as the original weighs it: nodes count as equally good when they fall into the same coarse
    /// band (the share of the task's pages on a logarithmic scale; pinned and free bytes to a tenth of an order of
    /// magnitude), so small differences do not outweigh where the memory is. The first non-empty of: the nodes holding
    /// most of the task's memory that also have the least pinned memory; those that have the most free memory left
    /// after the task; the least pinned nodes with the most free memory. Null when none fits (the task waits).
    /// </summary>
    public static NumaChoice? MinimizingMigrations(NumaTask task, IReadOnlyList<NumaNode> nodes, IReadOnlyDictionary<int, double> pinned)
    {
        var holding = Banded(nodes, n => Math.Round(Math.Log(1 + task.Balance(n.Id) * 1000)), highest: true);
        var leastPinned = Banded(nodes, n => Math.Round(Math.Log10(pinned[n.Id] + task.Size), 1), highest: false);
        // A node the task does not fit in is no candidate for "most free".
        var mostFree = Banded(nodes.Where(n => task.Size < n.FreeBytes).ToArray(), n => Math.Round(Math.Log10(n.FreeBytes - task.Size), 1), highest: true);
        if (First(holding, leastPinned) is { } local)
            return new NumaChoice(local, string.Create(CultureInfo.InvariantCulture, $"node {local} holds most of its memory ({task.Balance(local):P0}) and has the least pinned memory"));
        if (First(holding, mostFree) is { } free)
            return new NumaChoice(free, string.Create(CultureInfo.InvariantCulture, $"node {free} holds most of its memory ({task.Balance(free):P0}) and has the most free memory"));
        if (First(leastPinned, mostFree) is { } other)
            return new NumaChoice(other, string.Create(CultureInfo.InvariantCulture, $"node {other} has the least pinned and the most free memory (it holds {task.Balance(other):P0} of the task's memory)"));
        return null;
    }

    private static SortedSet<int> Banded(IReadOnlyList<NumaNode> nodes, Func<NumaNode, double> band, bool highest)
    {
        var result = new SortedSet<int>();
        if (nodes.Count == 0) return result;
        var bands = nodes.Select(n => (n.Id, Band: band(n))).ToArray();
        var best = highest ? bands.Max(b => b.Band) : bands.Min(b => b.Band);
        foreach (var (id, value) in bands)
            if (value == best) result.Add(id);
        return result;
    }

    private static int? First(SortedSet<int> a, SortedSet<int> b)
    {
        foreach (var id in a)
            if (b.Contains(id)) return id;
        return null;
    }
}
