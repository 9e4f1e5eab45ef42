namespace Wca.Api;

/// <summary>
/// Something a detector or allocator found wrong. The runner stores what <see cref="GenerateMetrics"/> returns
/// (enriched with task labels) in the anomalies storage, and counts every anomaly object in <c>anomaly_count</c>.
/// </summary>
public abstract record Anomaly
{
    /// <summary>
    /// The <c>anomaly</c> counter family (TYPE line only, no HELP, as the original): one shared descriptor
    /// for every anomaly type, so all their samples form one family.
    /// </summary>
    public static MetricDescriptor Descriptor { get; } = new("anomaly", MetricType.Counter);

    /// <summary>The <c>type</c> label of the anomaly metric.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// The samples this anomaly is stored as. The runner then adds the labels of the task named by a
    /// <c>contended_task_id</c> label and a <c>contending_workload_instance</c> for a <c>contending_task_id</c>
    /// label, then the common labels. The default is no sample: such an anomaly still counts in
    /// <c>anomaly_count</c> but leaves no series, so a plugin type overrides this to be visible (the original
    /// makes the method abstract; a default keeps plugin types that only want counting short).
    /// </summary>
    public virtual IReadOnlyList<Metric> GenerateMetrics() => [];
}
