using Wca.Api;
using Wca.Decision;

namespace Wca.Tests.Decision;

public sealed class AnomalyMetricsTests
{
    private static MetricBatch Append(IReadOnlyDictionary<string, LabelSet> taskLabels, params Anomaly[] anomalies)
    {
        var batch = new MetricBatch();
        AnomalyMetrics.Append(anomalies, taskLabels, batch);
        return batch;
    }

    [Fact]
    public void The_contended_tasks_labels_are_overlaid_and_win_over_the_anomalys()
    {
        var tasks = new Dictionary<string, LabelSet>
        {
            ["t1"] = LabelSet.From(("task_id", "t1"), ("workload_instance", "redis_1"), ("type", "batch")),
            ["t2"] = LabelSet.From(("task_id", "t2"), ("workload_instance", "memcached_2")),
        };
        var anomaly = new ContentionAnomaly("t1", ["t2"], ContendedResource.Cpus, []);

        var sample = Assert.Single(Append(tasks, anomaly));

        Assert.Equal(
            LabelSet.From(("contended_task_id", "t1"), ("contending_task_id", "t2"), ("contending_workload_instance", "memcached_2"),
                ("resource", "cpus"), ("task_id", "t1"), ("type", "batch"), ("uuid", anomaly.Uuid), ("workload_instance", "redis_1")),
            sample.Labels);
    }

    [Fact]
    public void An_unknown_task_adds_nothing_and_a_contending_task_without_workload_instance_is_not_found()
    {
        var tasks = new Dictionary<string, LabelSet> { ["known"] = LabelSet.From(("task_id", "known")) };
        var batch = Append(tasks,
            new ContentionAnomaly("gone", ["known"], ContendedResource.Unknown, []),
            new ContentionAnomaly("known", ["gone"], ContendedResource.Unknown, []));

        Assert.Equal(2, batch.Count);
        var fromGone = batch.Single(m => m.Labels["contended_task_id"] == "gone").Labels;
        Assert.False(fromGone.ContainsKey("task_id"));
        Assert.Equal("workload not found", fromGone["contending_workload_instance"]);
        var fromKnown = batch.Single(m => m.Labels["contended_task_id"] == "known").Labels;
        Assert.Equal("known", fromKnown["task_id"]);
        Assert.Equal("workload not found", fromKnown["contending_workload_instance"]);
    }

    [Fact]
    public void Context_metrics_get_no_task_labels_and_other_anomaly_types_pass_through()
    {
        var tasks = new Dictionary<string, LabelSet> { ["t1"] = LabelSet.From(("task_id", "t1"), ("workload_instance", "w")) };
        var context = Metric.Gauge("cpu_threshold", 0.5, LabelSet.From(("socket", "0")));
        var contention = new ContentionAnomaly("t1", ["t1"], ContendedResource.Cpus, [context]);
        var own = new OwnAnomaly(Metric.Counter("anomaly", 1, LabelSet.From(("type", "own"))));

        var batch = Append(tasks, contention, own);

        Assert.Equal(LabelSet.From(("socket", "0"), ("type", "anomaly"), ("uuid", contention.Uuid)),
            batch.Single(m => m.Name == "cpu_threshold").Labels);
        Assert.Equal(LabelSet.From(("type", "own")), batch.Single(m => m.Labels["type"] == "own").Labels);
        Assert.Equal("w", batch.Single(m => m.Labels.ContainsKey("contended_task_id")).Labels["contending_workload_instance"]);
    }

    [Fact]
    public void Samples_are_appended_in_the_originals_output_order_with_digit_only_values_as_numbers()
    {
        var tasks = new Dictionary<string, LabelSet>();
        // Generated: 10/x, 10/y, 9/x, context 10, context 9. Output: by name, then labels with 9 < 10 and x < y.
        var batch = Append(tasks,
            new ContentionAnomaly("10", ["y", "x"], ContendedResource.Cpus, [Metric.Gauge("ctx", 1, LabelSet.From(("a", "10")))]),
            new ContentionAnomaly("9", ["x"], ContendedResource.Cpus, [Metric.Gauge("ctx", 2, LabelSet.From(("a", "9")))]));

        Assert.Equal(
            ["anomaly 9 x", "anomaly 10 x", "anomaly 10 y", "ctx 9", "ctx 10"],
            batch.Select(m => m.Name == "anomaly"
                ? $"anomaly {m.Labels["contended_task_id"]} {m.Labels["contending_task_id"]}"
                : $"ctx {m.Labels["a"]}"));
    }

    [Fact]
    public void Equal_label_lists_keep_generation_order()
    {
        var first = new OwnAnomaly(Metric.Counter("anomaly", 1, LabelSet.From(("type", "own"))));
        var second = new OwnAnomaly(Metric.Counter("anomaly", 2, LabelSet.From(("type", "own"))));
        var batch = Append(new Dictionary<string, LabelSet>(), first, second, first);
        Assert.Equal([1.0, 2.0, 1.0], batch.Select(m => m.Value));
    }

    private sealed record OwnAnomaly(Metric Sample) : Anomaly
    {
        public override string Type => "own";
        public override IReadOnlyList<Metric> GenerateMetrics() => [Sample];
    }
}
