using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Pipeline;

namespace Wca.Decision.Allocation;

/// <summary>
/// Builds the allocations package of an iteration (§6.6): the target state of every task as allocation metrics (with
/// <c>allocation_type</c>, <c>container_name</c>, <c>task</c> and the task's labels), the allocator's extra metrics,
/// the allocation statistics, all with the common labels (and <c>dry_run="true"</c> when nothing is written).
/// </summary>
internal sealed class AllocationPackage(MetricAdmission admission, AllocationStatistics statistics, bool dryRun)
{
    private static readonly LabelSet DryRunLabel = LabelSet.From(("dry_run", "true"));
    private readonly Dictionary<string, TaskLabels> _labels = new(StringComparer.Ordinal);
    private LabelSet? _commonIn, _common;

    /// <summary>The package, reused every iteration.</summary>
    public MetricBatch Batch { get; } = new(256);

    /// <summary>Fills <see cref="Batch"/> for this iteration.</summary>
    /// <param name="targets">Target state by task id, in output order.</param>
    public void Build(IterationContext context, IReadOnlyList<KeyValuePair<string, TaskAllocation>> targets, IReadOnlyList<Metric>? extraMetrics, LabelSet common)
    {
        var batch = Batch;
        batch.Clear();
        batch.TimestampMilliseconds = context.Timestamp.ToUnixTimeMilliseconds();
        if (!ReferenceEquals(common, _commonIn))
        {
            _commonIn = common;
            _common = dryRun ? common.Merge(DryRunLabel) : common;
            _labels.Clear();
        }
        admission.AddTo(batch, extraMetrics);
        statistics.Append(batch);
        batch.ApplyCommonLabels(_common!);
        // The task series carry the common labels already: the same label sets every iteration, which the storage's
        // encoding cache keeps (merging per iteration would make 5 new sets per task).
        foreach (var (taskId, target) in targets)
        {
            if (!context.Tasks.TryGetValue(taskId, out var data)) continue;
            var labels = LabelsOf(taskId, data);
            if (target.CpuQuota is { } quota) batch.Add(MetricCatalog.AllocationCpuQuota, quota, labels.Quota);
            if (target.CpuShares is { } shares) batch.Add(MetricCatalog.AllocationCpuShares, shares, labels.Shares);
            if (target.CpusetCpus is { } cpus)
            {
                var (count, set) = labels.Cpus(cpus);
                batch.Add(MetricCatalog.AllocationCpusetCpusNumberOfCpus, count, set);
            }
            if (target.CpusetMems is { } mems)
            {
                var (count, set) = labels.Mems(mems);
                batch.Add(MetricCatalog.AllocationCpusetMemsNumberOfMems, count, set);
            }
            if (target.CpusetMemoryMigrate is { } migrate) batch.Add(MetricCatalog.AllocationCpusetMemoryMigrate, migrate ? 1 : 0, labels.MemoryMigrate);
            if (target.MigratePages is { } node) batch.Add(MetricCatalog.AllocationMigratePages, node, labels.MigratePages);
            if (target.Rdt is { } rdt)
                foreach (var (descriptor, value, set) in labels.Rdt(rdt)) batch.Add(descriptor, value, set);
        }
        if (_labels.Count > 2 * Math.Max(context.Tasks.Count, 16))
            foreach (var gone in _labels.Keys.Where(id => !context.Tasks.ContainsKey(id)).ToArray()) _labels.Remove(gone);
    }

    private TaskLabels LabelsOf(string taskId, TaskData data)
    {
        if (_labels.TryGetValue(taskId, out var cached) && ReferenceEquals(cached.From, data.Labels)) return cached;
        var built = new TaskLabels(data.Labels, ContainerName(data.Task.CgroupPath), taskId, _common!);
        _labels[taskId] = built;
        return built;
    }

    /// <summary>The original's container name: the cgroup path without its leading '/', every '/' a '-'.</summary>
    internal static string ContainerName(string cgroupPath) => cgroupPath.TrimStart('/').Replace('/', '-');

    /// <summary>One task's label sets per allocation type, made when its labels change (the cpuset ones per list).</summary>
    private sealed class TaskLabels
    {
        private readonly LabelSet _base;
        private readonly LabelSet _common;
        private (string List, int Count, LabelSet Labels)? _cpus, _mems;
        private (RdtAllocation Value, RdtSeries[] Series)? _rdt;

        public TaskLabels(LabelSet from, string containerName, string taskId, LabelSet common)
        {
            From = from;
            _common = common;
            _base = from.Merge(LabelSet.From(("container_name", containerName), ("task", taskId)));
            Quota = With(AllocationTypes.CpuQuota);
            Shares = With(AllocationTypes.CpuShares);
            MemoryMigrate = With(AllocationTypes.CpusetMemoryMigrate);
            MigratePages = With(AllocationTypes.MigratePages);
        }

        public LabelSet From { get; }
        public LabelSet Quota { get; }
        public LabelSet Shares { get; }
        public LabelSet MemoryMigrate { get; }
        public LabelSet MigratePages { get; }

        /// <summary>How many CPUs <paramref name="list"/> names, and its labels (the list as cpuset_cpus).</summary>
        public (int Count, LabelSet Labels) Cpus(string list)
        {
            if (_cpus is not { } c || c.List != list) _cpus = c = Listed(list, AllocationTypes.CpusetCpus);
            return (c.Count, c.Labels);
        }

        /// <summary>How many NUMA nodes <paramref name="list"/> names, and its labels (the list as cpuset_mems).</summary>
        public (int Count, LabelSet Labels) Mems(string list)
        {
            if (_mems is not { } m || m.List != list) _mems = m = Listed(list, AllocationTypes.CpusetMems);
            return (m.Count, m.Labels);
        }

        /// <summary>The rdt series of <paramref name="rdt"/>: per L3 domain the ways and the mask, per MB domain the value.</summary>
        public RdtSeries[] Rdt(RdtAllocation rdt)
        {
            if (_rdt is { } r && r.Value == rdt) return r.Series;
            var series = RdtMetrics.Series(rdt, (type, group, domain) =>
                _base.Merge(LabelSet.From(("allocation_type", type), ("group_name", group), ("domain_id", domain))).Merge(_common));
            _rdt = (rdt, series);
            return series;
        }

        private (string, int, LabelSet) Listed(string list, string type) =>
            (list, CpuList.Parse(list, out _)?.Count ?? 0, _base.Merge(LabelSet.From(("allocation_type", type), (type, list))).Merge(_common));

        // Common labels last: they win over task labels of the same name, as ApplyCommonLabels does.
        private LabelSet With(string type) => _base.Merge(LabelSet.From(("allocation_type", type))).Merge(_common);
    }
}
