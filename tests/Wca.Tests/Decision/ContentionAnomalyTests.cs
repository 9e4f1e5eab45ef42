using Wca.Api;

namespace Wca.Tests.Decision;

public sealed class ContentionAnomalyTests
{
    private static ContentionAnomaly Anomaly(string contended, params string[] contending) =>
        new(contended, contending, ContendedResource.Cpus, []);

    [Theory]
    [InlineData("996d84f8-49ff-579f-1e98-7f2973b3ea04", "t1", "t2")]
    [InlineData("996d84f8-49ff-579f-1e98-7f2973b3ea04", "t2", "t1")]
    [InlineData("4a0e6059-72ec-173c-cc80-3c5a0dba906a", "task1", "task2", "task3")]
    [InlineData("4a0e6059-72ec-173c-cc80-3c5a0dba906a", "task3", "task1", "task2")]
    public void Uuid_is_the_originals_for_the_sorted_task_ids(string expected, string contended, params string[] contending)
    {
        Assert.Equal(expected, Anomaly(contended, contending).Uuid);
    }

    [Fact]
    public void Uuid_keeps_duplicate_ids_and_sorts_ordinally()
    {
        // Values from Python: str(UUID(bytes=sha256(b"t1,t1,t2").digest()[:16])), and b"B,a" (uppercase sorts first).
        Assert.Equal("cfbf5a3b-ff13-7964-d9d9-e23dd6282e5d", Anomaly("t1", "t2", "t1").Uuid);
        Assert.Equal("40d76fcd-fa52-ade0-a843-891289745069", Anomaly("a", "B").Uuid);
    }

    [Fact]
    public void Uuid_follows_the_task_ids_through_with()
    {
        var original = Anomaly("t1", "t2");
        var changed = original with { ContendingTaskIds = ["task2", "task3"], ContendedTaskId = "task1" };
        Assert.Equal("4a0e6059-72ec-173c-cc80-3c5a0dba906a", changed.Uuid);
        Assert.Equal("996d84f8-49ff-579f-1e98-7f2973b3ea04", original.Uuid);
        Assert.Equal(original, original with { Resource = ContendedResource.Cpus });
    }

    [Theory]
    [InlineData(ContendedResource.MemoryBandwidth, "memory bandwidth")]
    [InlineData(ContendedResource.LlcOccupancy, "cache")]
    [InlineData(ContendedResource.Cpus, "cpus")]
    [InlineData(ContendedResource.ThermalDesignPower, "thermal design power")]
    [InlineData(ContendedResource.Unknown, "unknown resource")]
    public void Resources_have_the_originals_label_texts(ContendedResource resource, string expected)
    {
        Assert.Equal(expected, resource.ToLabelText());
    }

    [Fact]
    public void Every_resource_has_a_label_text_and_undefined_values_are_refused()
    {
        Assert.All(Enum.GetValues<ContendedResource>(), r => Assert.False(string.IsNullOrEmpty(r.ToLabelText())));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ContendedResource)99).ToLabelText());
    }

    [Fact]
    public void Generates_one_anomaly_sample_per_contending_task_then_the_context_metrics()
    {
        var threshold = new MetricDescriptor("cpu_threshold", MetricType.Gauge, "threshold");
        var context = new Metric(threshold, 0.8, LabelSet.From(("type", "threshold"), ("socket", "0")));
        var anomaly = new ContentionAnomaly("t1", ["t3", "t2"], ContendedResource.LlcOccupancy, [context]);

        var metrics = anomaly.GenerateMetrics();

        Assert.Equal(3, metrics.Count);
        Assert.All(metrics.Take(2), m =>
        {
            Assert.Same(ContentionAnomaly.Descriptor, m.Descriptor);
            Assert.Equal(MetricType.Counter, m.Type);
            Assert.Null(m.Descriptor.Help);
            Assert.Equal(1, m.Value);
        });
        Assert.Equal(
            LabelSet.From(("contended_task_id", "t1"), ("contending_task_id", "t3"), ("resource", "cache"),
                ("type", "contention"), ("uuid", anomaly.Uuid)),
            metrics[0].Labels);
        Assert.Equal("t2", metrics[1].Labels["contending_task_id"]);
        Assert.Same(threshold, metrics[2].Descriptor);
        Assert.Equal(0.8, metrics[2].Value);
        Assert.Equal(LabelSet.From(("socket", "0"), ("type", "anomaly"), ("uuid", anomaly.Uuid)), metrics[2].Labels);
    }

    [Fact]
    public void An_anomaly_type_that_does_not_override_GenerateMetrics_stores_no_sample()
    {
        Assert.Empty(new CountedOnlyAnomaly().GenerateMetrics());
    }

    private sealed record CountedOnlyAnomaly : Wca.Api.Anomaly
    {
        public override string Type => "counted";
    }
}
