using Wca.Api;

namespace Wca.Decision;

/// <summary>
/// Turns a detector's or allocator's anomalies into the samples of the anomalies package, as the original's
/// <c>convert_anomalies_to_metrics</c>: each anomaly's own metrics, enriched with the labels of the tasks they name.
/// </summary>
internal static class AnomalyMetrics
{
    public const string ContendedTaskIdLabel = "contended_task_id";
    public const string ContendingTaskIdLabel = "contending_task_id";
    public const string ContendingWorkloadInstanceLabel = "contending_workload_instance";
    public const string WorkloadInstanceLabel = "workload_instance";
    public const string WorkloadNotFound = "workload not found";

    /// <summary>
    /// Appends the enriched metrics of <paramref name="anomalies"/> to <paramref name="output"/>, each name's samples
    /// in the original's output order (§9.4: stable by label list, digit-only values as numbers), because the
    /// Prometheus writer keeps batch order within a name. The order holds after common labels are applied as long as
    /// they do not replace labels the samples already have (they add the same pair to all, which keeps the order).
    /// </summary>
    /// <param name="taskLabels">Task id → that task's labels (sanitized task labels and task_id, no common labels).</param>
    public static void Append(IReadOnlyList<Anomaly> anomalies, IReadOnlyDictionary<string, LabelSet> taskLabels, MetricBatch output)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(taskLabels);
        ArgumentNullException.ThrowIfNull(output);
        var metrics = new List<Metric>();
        foreach (var anomaly in anomalies)
        {
            if (anomaly is null) throw new ArgumentException("The anomaly list contains null.", nameof(anomalies));
            foreach (var metric in anomaly.GenerateMetrics()) metrics.Add(Enrich(metric, taskLabels));
        }

        // List.Sort is unstable: the index breaks ties, as Python's stable sort keeps generation order.
        var order = new int[metrics.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var c = string.CompareOrdinal(metrics[a].Name, metrics[b].Name);
            if (c == 0) c = LabelOrder.Compare(metrics[a].Labels, metrics[b].Labels);
            return c != 0 ? c : a.CompareTo(b);
        });
        foreach (var i in order) output.Add(metrics[i]);
    }

    /// <summary>
    /// A metric naming a contended task gets all of that task's labels (task labels win, as in the original);
    /// one naming a contending task gets that task's workload_instance as contending_workload_instance.
    /// </summary>
    internal static Metric Enrich(in Metric metric, IReadOnlyDictionary<string, LabelSet> taskLabels)
    {
        var labels = metric.Labels;
        if (labels.TryGetValue(ContendedTaskIdLabel, out var contended) && taskLabels.TryGetValue(contended, out var contendedLabels))
            labels = labels.Merge(contendedLabels);
        if (labels.TryGetValue(ContendingTaskIdLabel, out var contending))
        {
            var workload = taskLabels.TryGetValue(contending, out var contendingLabels)
                && contendingLabels.TryGetValue(WorkloadInstanceLabel, out var instance) ? instance : WorkloadNotFound;
            labels = labels.With(ContendingWorkloadInstanceLabel, workload);
        }
        return ReferenceEquals(labels, metric.Labels) ? metric : metric with { Labels = labels };
    }
}
