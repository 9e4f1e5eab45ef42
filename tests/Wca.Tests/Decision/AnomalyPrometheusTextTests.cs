using System.Buffers;
using System.Text;
using Wca.Api;
using Wca.Decision;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Decision;

public sealed class AnomalyPrometheusTextTests
{
    [Fact]
    public void An_anomalies_package_is_written_as_the_original_writes_it_byte_for_byte()
    {
        var tasks = new Dictionary<string, LabelSet>
        {
            ["task1"] = LabelSet.From(("application", "redis"), ("task_id", "task1"), ("workload_instance", "redis_1")),
            ["task2"] = LabelSet.From(("application", "memcached"), ("task_id", "task2"), ("workload_instance", "memcached_2")),
            ["task3"] = LabelSet.From(("application", "stress"), ("task_id", "task3")),
        };
        var threshold = new MetricDescriptor("cpu_threshold", MetricType.Gauge, "CPU usage (CPUs) above which a task is an aggressor.");
        Anomaly[] anomalies =
        [
            new ContentionAnomaly("task2", ["task3", "task1"], ContendedResource.Cpus,
                [new Metric(threshold, 0.8, LabelSet.From(("type", "threshold")))]),
            new ContentionAnomaly("task1", ["task2"], ContendedResource.MemoryBandwidth, []),
        ];
        var statistics = new AnomalyStatistics();
        statistics.Record(anomalies.Length, 1554139418.146581);
        var batch = new MetricBatch { TimestampMilliseconds = 1531729598000 };
        AnomalyMetrics.Append(anomalies, tasks, batch);
        statistics.Append(batch);
        batch.ApplyCommonLabels(LabelSet.From(("host", "node1")));

        var output = new ArrayBufferWriter<byte>();
        new PrometheusTextWriter().Write(batch, includeTimestamp: true, output);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);

        // Derived from §7.3 and §9.4: families by name; samples by label list (application decides: memcached before
        // redis; then contending task1 before task3); the uuid of {task1, task2, task3} and of {task1, task2};
        // the context metric's type label replaced; a blank line after each family.
        const string expected =
            "# TYPE anomaly counter\n" +
            "anomaly{application=\"memcached\",contended_task_id=\"task2\",contending_task_id=\"task1\",contending_workload_instance=\"redis_1\",host=\"node1\",resource=\"cpus\",task_id=\"task2\",type=\"contention\",uuid=\"4a0e6059-72ec-173c-cc80-3c5a0dba906a\",workload_instance=\"memcached_2\"} 1 1531729598000\n" +
            "anomaly{application=\"memcached\",contended_task_id=\"task2\",contending_task_id=\"task3\",contending_workload_instance=\"workload not found\",host=\"node1\",resource=\"cpus\",task_id=\"task2\",type=\"contention\",uuid=\"4a0e6059-72ec-173c-cc80-3c5a0dba906a\",workload_instance=\"memcached_2\"} 1 1531729598000\n" +
            "anomaly{application=\"redis\",contended_task_id=\"task1\",contending_task_id=\"task2\",contending_workload_instance=\"memcached_2\",host=\"node1\",resource=\"memory bandwidth\",task_id=\"task1\",type=\"contention\",uuid=\"5bdfd040-7b06-f3f7-379a-d77e879a763a\",workload_instance=\"redis_1\"} 1 1531729598000\n" +
            "\n" +
            "# TYPE anomaly_count counter\n" +
            "anomaly_count{host=\"node1\"} 2 1531729598000\n" +
            "\n" +
            "# TYPE anomaly_last_occurrence counter\n" +
            "anomaly_last_occurrence{host=\"node1\"} 1554139418.146581 1531729598000\n" +
            "\n" +
            "# HELP cpu_threshold CPU usage (CPUs) above which a task is an aggressor.\n" +
            "# TYPE cpu_threshold gauge\n" +
            "cpu_threshold{host=\"node1\",type=\"anomaly\",uuid=\"4a0e6059-72ec-173c-cc80-3c5a0dba906a\"} 0.8 1531729598000\n" +
            "\n";

        // PrometheusTextWriter (outside this slice) separates families by a blank line but writes none after the
        // last, where §9.4 step 4 has one: the only difference, added back here so everything else is compared.
        Assert.Equal(expected, text + "\n");
        Promtool.AssertParses(expected);
    }
}
