using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;
using Wca.Measurement.Catalog;

namespace Wca.Decision.Numa;

/// <summary>
/// The final release's provisional NUMAAllocator: cuts remote NUMA memory accesses by pinning whole tasks to one node,
/// at most one new task per iteration (cpuset_cpus = the node's CPUs; optionally cpuset_mems, cpuset_memory_migrate
/// and a migrate_pages request), and asks again for page migration of a pinned task whose memory drifted off its
/// node. A task is pinned when its cpuset.cpus are exactly one node's CPUs, so the state is what the kernel holds and
/// a restarted agent continues from it. Task size = the orchestrator's memory request (resource <c>mem</c>), else
/// its memory usage. 4 KiB pages only; migrate_pages needs swap off (the actuator refuses it otherwise).
/// </summary>
[WcaComponent(Tag = "NUMAAllocator")]
public sealed partial class NumaAllocator(AgentServices services) : IAllocator, IValidatableComponent
{
    private readonly ILogger _log = services.LoggerFactory.CreateLogger(typeof(NumaAllocator).FullName!);
    // Pages asked to move per task since it appeared (numa__task_pages_to_move); vanished tasks are dropped.
    private readonly Dictionary<string, double> _pagesToMove = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _remigrationAsked = new(StringComparer.Ordinal);
    private bool _saidTooFewNodes, _warnedNoPages;
    private (string Task, int Node)? _lastPin;

    /// <summary>
    /// fill_biggest_first (default): the biggest unpinned task to the node with the least pinned memory;
    /// minimize_migrations: to where most of its memory is, weighed against the nodes' pinned and free memory.
    /// </summary>
    public NumaAlgorithm Algorithm { get; init; } = NumaAlgorithm.FillBiggestFirst;

    /// <summary>A task is a candidate only if at least this share of its pages is on one node (useful with autoNUMA); 0 = every task.</summary>
    [Numeric(0, 1)]
    public double LoopMinTaskBalance { get; init; }

    /// <summary>Pin a task only if the target node has the free memory for the part of the task not on it yet.</summary>
    public bool FreeSpaceCheck { get; init; }

    /// <summary>Move a newly pinned task's pages to its node with migrate_pages(2) (synchronous; the task is blocked meanwhile; needs swap off).</summary>
    public bool MigratePages { get; init; } = true;

    /// <summary>With migrate_pages: migrate a pinned task's pages again when less than this share of them is on its node.</summary>
    [Numeric(0, 1)]
    public double MigratePagesMinTaskBalance { get; init; } = 0.95;

    /// <summary>Also bind the task's memory to the node (cpuset_mems); new allocations then come only from it, at the risk of OOM kills.</summary>
    public bool CgroupsMemoryBinding { get; init; }

    /// <summary>With cgroups_memory_binding: set cpuset.memory_migrate so the kernel moves the pages with the binding.</summary>
    public bool CgroupsMemoryMigrate { get; init; }

    /// <summary>Compute and report the metrics and the decision (debug log), but ask for no allocation.</summary>
    public bool Dryrun { get; init; }

    /// <inheritdoc/>
    public void Validate()
    {
        if (CgroupsMemoryMigrate && !CgroupsMemoryBinding)
            throw new ArgumentException("cgroups_memory_migrate: true requires cgroups_memory_binding: true (the pages move with the memory binding)", "cgroups_memory_migrate");
    }

    /// <inheritdoc/>
    public AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        // A node without CPUs (persistent or CXL memory) cannot be pinned to: cpuset_cpus would be empty.
        var nodes = platform.NumaNodes.Where(n => n.Cpus.Count > 0).ToArray();
        if (nodes.Length < 2)
        {
            if (!_saidTooFewNodes) Log.TooFewNodes(_log, nodes.Length);
            _saidTooFewNodes = true;
            return AllocationResult.None;
        }
        _saidTooFewNodes = false;

        var view = tasks.Select(t => NumaTask.From(t.Key, t.Value, nodes))
            .OrderByDescending(t => t.Size).ThenBy(t => t.Id, StringComparer.Ordinal).ToArray();
        ForgetVanished(tasks);
        WarnWithoutPages(view);
        var pinned = nodes.ToDictionary(n => n.Id, _ => 0.0);
        var pinnedCount = nodes.ToDictionary(n => n.Id, _ => 0);
        foreach (var task in view.Where(t => t.IsPinned))
        {
            pinned[task.CurrentNode] += task.Size;
            pinnedCount[task.CurrentNode]++;
        }
        if (_log.IsEnabled(LogLevel.Debug))
            Log.Iteration(_log, Algorithm, view.Length, view.Count(t => !t.IsPinned),
                string.Join("; ", nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
                    $"node {n.Id}: {pinnedCount[n.Id]} pinned, {pinned[n.Id]:0} bytes pinned, {n.FreeBytes} bytes free"))));

        var allocations = new Dictionary<string, TaskAllocation>(StringComparer.Ordinal);
        if (Choose(view, nodes, pinned) is var (chosen, choice))
        {
            if (Dryrun) Log.WouldPin(_log, chosen.Id, choice.Node, chosen.Size, choice.Reason);
            else allocations[chosen.Id] = Pin(chosen, nodes.First(n => n.Id == choice.Node), choice);
        }
        else _lastPin = null;
        if (MigratePages && !Dryrun) Remigrate(view, allocations);

        return new AllocationResult(allocations, [], Metrics(view, nodes, pinned, pinnedCount));
    }

    /// <summary>The task to pin this iteration and its node: the first candidate, biggest first, that has a node.</summary>
    private (NumaTask Task, NumaChoice Choice)? Choose(NumaTask[] view, NumaNode[] nodes, Dictionary<int, double> pinned)
    {
        foreach (var task in view)
        {
            if (task.IsPinned || task.IsGhost) continue;
            if (task.Data.Allocations?.CpusetCpus is null)
            {
                // Not readable (no cpuset controller for it): a pin could not be written nor seen to hold.
                Log.NoCpuset(_log, task.Id);
                continue;
            }
            if (task.BestBalance(nodes) < LoopMinTaskBalance)
            {
                Log.SkippedBalance(_log, task.Id, task.BestBalance(nodes), LoopMinTaskBalance);
                continue;
            }
            var choice = Algorithm == NumaAlgorithm.FillBiggestFirst
                ? NumaPlacement.LeastPinned(nodes, pinned)
                : NumaPlacement.MinimizingMigrations(task, nodes, pinned);
            if (choice is null)
            {
                Log.NoGoodNode(_log, task.Id);
                continue;
            }
            if (FreeSpaceCheck)
            {
                var node = nodes.First(n => n.Id == choice.Node);
                var toMove = task.Size - task.PagesOn(node.Id) * NumaTask.PageSize;
                if (toMove >= node.FreeBytes)
                {
                    Log.NotEnoughFree(_log, task.Id, node.Id, toMove, node.FreeBytes);
                    continue;
                }
            }
            return (task, choice);
        }
        return null;
    }

    private TaskAllocation Pin(NumaTask task, NumaNode node, NumaChoice choice)
    {
        var reason = $"NUMAAllocator {AlgorithmName}: {choice.Reason}";
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal) { [AllocationTypes.CpusetCpus] = reason };
        var allocation = new TaskAllocation { CpusetCpus = Allocation.CpuList.Format(node.Cpus.Order()) };
        if (CgroupsMemoryBinding)
        {
            allocation = allocation with { CpusetMems = node.Id.ToString(CultureInfo.InvariantCulture) };
            reasons[AllocationTypes.CpusetMems] = reason;
            if (CgroupsMemoryMigrate)
            {
                allocation = allocation with { CpusetMemoryMigrate = true };
                reasons[AllocationTypes.CpusetMemoryMigrate] = reason;
            }
        }
        if (MigratePages)
        {
            allocation = allocation with { MigratePages = node.Id };
            reasons[AllocationTypes.MigratePages] = reason;
            _pagesToMove[task.Id] = _pagesToMove.GetValueOrDefault(task.Id) + task.PagesOutside(node.Id);
        }
        // Until the pin holds (the runner reports a failed write once) the same choice comes back each iteration: said once.
        if (_lastPin != (task.Id, node.Id)) Log.Pinned(_log, task.Id, node.Id, task.Size, choice.Reason);
        else Log.PinRepeated(_log, task.Id, node.Id);
        _lastPin = (task.Id, node.Id);
        return allocation with { Reasons = reasons };
    }

    /// <summary>
    /// Pinned tasks with less than migrate_pages_min_task_balance of their pages on their node get a migrate_pages
    /// request for it, unless that node is what the task's pages were last migrated to: the actuator migrates once
    /// per target, so asking again would count pages that do not move.
    /// </summary>
    private void Remigrate(NumaTask[] view, Dictionary<string, TaskAllocation> allocations)
    {
        foreach (var task in view)
        {
            if (!task.IsPinned || allocations.ContainsKey(task.Id) || task.Balance(task.CurrentNode) >= MigratePagesMinTaskBalance) continue;
            if (task.Data.Allocations?.MigratePages == task.CurrentNode) continue;
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"NUMAAllocator: only {task.Balance(task.CurrentNode):P1} of the task's pages are on its node {task.CurrentNode} (migrate_pages_min_task_balance {MigratePagesMinTaskBalance})");
            allocations[task.Id] = new TaskAllocation
            {
                MigratePages = task.CurrentNode,
                Reasons = new Dictionary<string, string>(StringComparer.Ordinal) { [AllocationTypes.MigratePages] = reason },
            };
            _pagesToMove[task.Id] = _pagesToMove.GetValueOrDefault(task.Id) + task.PagesOutside(task.CurrentNode);
            // Asked again each iteration while the migration does not happen (swap on, say; the runner reports that once): said once.
            if (_remigrationAsked.TryGetValue(task.Id, out var asked) && asked == task.CurrentNode) continue;
            _remigrationAsked[task.Id] = task.CurrentNode;
            Log.Remigrating(_log, task.Id, task.CurrentNode, task.Balance(task.CurrentNode), task.PagesOutside(task.CurrentNode));
        }
    }

    private string AlgorithmName => Algorithm == NumaAlgorithm.FillBiggestFirst ? "fill_biggest_first" : "minimize_migrations";

    private void ForgetVanished(IReadOnlyDictionary<string, TaskData> tasks)
    {
        foreach (var id in _pagesToMove.Keys.Where(id => !tasks.ContainsKey(id)).ToArray()) _pagesToMove.Remove(id);
        foreach (var id in _remigrationAsked.Keys.Where(id => !tasks.ContainsKey(id)).ToArray()) _remigrationAsked.Remove(id);
    }

    private void WarnWithoutPages(NumaTask[] view)
    {
        var without = view.FirstOrDefault(t => !t.HasPages);
        if (without is not null && !_warnedNoPages) Log.NoNumaPages(_log, without.Id);
        _warnedNoPages = without is not null;
    }

    private List<Metric> Metrics(NumaTask[] view, IReadOnlyList<NumaNode> nodes, Dictionary<int, double> pinned, Dictionary<int, int> pinnedCount)
    {
        var metrics = new List<Metric>(view.Length * 2 + nodes.Count * 2 + 2);
        foreach (var task in view) metrics.Add(new Metric(MetricCatalog.NumaTaskCurrentNode, task.CurrentNode, task.Data.Labels));
        foreach (var node in nodes)
        {
            var labels = LabelSet.From(("numa_node", node.Id.ToString(CultureInfo.InvariantCulture)));
            metrics.Add(new Metric(MetricCatalog.NumaBalancedMemoryTasks, pinnedCount[node.Id], labels));
            metrics.Add(new Metric(MetricCatalog.NumaBalancedMemorySize, pinned[node.Id], labels));
        }
        metrics.Add(new Metric(MetricCatalog.NumaTaskTasksCount, view.Length, LabelSet.Empty));
        foreach (var task in view) metrics.Add(new Metric(MetricCatalog.NumaTaskPagesToMove, _pagesToMove.GetValueOrDefault(task.Id), task.Data.Labels));
        metrics.Add(new Metric(MetricCatalog.NumaTotalPagesToMove, view.Sum(t => _pagesToMove.GetValueOrDefault(t.Id)), LabelSet.Empty));
        return metrics;
    }
}
