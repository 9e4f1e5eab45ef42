using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Wrapper;

/// <summary>The wrapper's APMs in Kafka (librdkafka's mock cluster on loopback), through KafkaStorage and its outage queue.</summary>
public sealed partial class WrapperKafkaTests
{
    [GeneratedRegex(@"^seq\{workload=""kafka""\} (\d+)\.0 \d{13}$", RegexOptions.Multiline)]
    private static partial Regex Sequence();

    private static double[] Sequences(IEnumerable<string> messages) =>
        messages.Select(m => double.Parse(Sequence().Match(m).Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Apms_arrive_on_the_topic_one_message_per_batch_in_the_original_text()
    {
        using var cluster = new KafkaMockCluster();
        var topic = "wrapper_" + Guid.NewGuid().ToString("N")[..8];
        cluster.CreateTopic(topic, partitions: 1);
        var (status, stdout, stderr) = WcaProcess.Run(["--command", "sh -c 'for i in 1 2 3; do echo seq=$i; done'", "--parser", "default",
            "--kafka_brokers", " " + cluster.BootstrapServers + " ", "--kafka_topic", topic, "--labels", "{'workload':'kafka'}",
            "--sli_metric_name", "seq", "--log_level", "INFO"], wcaDll: WrapperFixtures.WrapperDll);
        Assert.True(status == 0, stderr);
        Assert.Equal("seq=1\nseq=2\nseq=3\n", stdout);
        Assert.Contains($"INFO wrapper_main KafkaStorage ['{cluster.BootstrapServers}']", stderr);
        var messages = KafkaMockClusterReader.Consume(cluster.BootstrapServers, topic, 3, TimeSpan.FromSeconds(30));
        Assert.Equal([1.0, 2, 3], Sequences(messages));
        Assert.All(messages, m => Assert.EndsWith("\n\n", m, StringComparison.Ordinal));
        Assert.Contains("# HELP sli Service Level Indicator based on seq metric\n# TYPE sli gauge\nsli{workload=\"kafka\"} 1.0 ", messages[0]);
        Promtool.AssertParses(messages[0]);
    }

    [Fact]
    public void A_broker_outage_neither_loses_apms_nor_holds_the_workloads_output()
    {
        using var cluster = new KafkaMockCluster();
        var topic = "wrapper_" + Guid.NewGuid().ToString("N")[..8];
        cluster.CreateTopic(topic, partitions: 1);
        const int lines = 50;
        using var wrapper = WcaProcess.Start(["--command", $"sh -c 'for i in $(seq 1 {lines}); do echo seq=$i; sleep 0.25; done'", "--parser", "default",
            "--kafka_brokers", cluster.BootstrapServers, "--kafka_topic", topic, "--labels", "{'workload':'kafka'}"], wcaDll: WrapperFixtures.WrapperDll);
        Assert.True(wrapper.WaitForStdout("seq=4\n"), wrapper.Stderr);
        cluster.SetDown();
        var down = Stopwatch.StartNew();
        // The workload's lines keep coming (echoed) while the brokers are down, longer than a delivery may take (5 s).
        Assert.True(wrapper.WaitForStdout("seq=34\n"), wrapper.Stderr);
        Assert.True(down.Elapsed < TimeSpan.FromSeconds(30), $"30 lines took {down.Elapsed} during the outage");
        cluster.SetUp();
        var (status, stdout, stderr) = wrapper.WaitForExit();
        Assert.True(status == 0, stderr);
        Assert.Equal(string.Concat(Enumerable.Range(1, lines).Select(i => $"seq={i}\n")), stdout);
        var messages = KafkaMockClusterReader.Consume(cluster.BootstrapServers, topic, lines, TimeSpan.FromSeconds(30));
        // Every batch arrived (a batch delivered late and resent could arrive twice, as with the original's retry; the
        // ones in flight when the broker went down may come after their successors).
        Assert.Equal(Enumerable.Range(1, lines).Select(i => (double)i), Sequences(messages).Distinct().Order());
        Assert.Contains("ERROR storage Storing metrics to kafka topic", stderr);
    }
}
