using Wca.Api;
using Wca.Decision;

namespace Wca.Tests.Decision;

public sealed class AnomalyStatisticsTests
{
    private static MetricBatch Append(AnomalyStatistics statistics)
    {
        var batch = new MetricBatch();
        statistics.Append(batch);
        return batch;
    }

    [Fact]
    public void Counts_anomaly_objects_cumulatively_and_reports_the_last_occurrence_only_after_the_first()
    {
        var statistics = new AnomalyStatistics();
        statistics.Record(0, 1000.5);
        var before = Assert.Single(Append(statistics));
        Assert.Equal(("anomaly_count", MetricType.Counter, 0.0), (before.Name, before.Type, before.Value));
        Assert.Null(before.Descriptor.Help);
        Assert.Same(LabelSet.Empty, before.Labels);

        statistics.Record(2, 1001.25);
        statistics.Record(0, 1002.5);
        statistics.Record(3, 1003.75);
        statistics.Record(0, 1004.5);

        var after = Append(statistics);
        Assert.Equal(2, after.Count);
        Assert.Equal(5, after.Single(m => m.Name == "anomaly_count").Value);
        var last = after.Single(m => m.Name == "anomaly_last_occurrence");
        Assert.Equal((MetricType.Counter, 1003.75), (last.Type, last.Value));
        Assert.Null(last.Descriptor.Help);
        // One descriptor per name, reused every iteration (storages cache its header).
        Assert.Same(before.Descriptor, after.Single(m => m.Name == "anomaly_count").Descriptor);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyStatistics().Record(-1, 0));
    }
}
