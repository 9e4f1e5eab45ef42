using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage.Kafka;

/// <summary>
/// KafkaStorage in the Native AOT wca (`make dist`'s dist/wca): Confluent.Kafka binds librdkafka by reflection,
/// which only a trimmed build can break. The executable stores into the mock cluster and flushes on SIGTERM.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed partial class KafkaStorageNativeAotTests
{
    [Fact]
    public void TheNativeAotAgentDeliversEveryPackageAndFlushesAtShutdown()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("wca_metrics");
        using var task = TestCgroup.Create("aot-kafka");
        task.StartSleeper();
        using var dir = new TestDirectory();
        var config = dir.Write("kafka.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
              interval: 0.2
              metrics_storage: !KafkaStorage
                brokers_ips: ['{cluster.BootstrapServers}']
                topic: wca_metrics
                max_timeout_in_seconds: 2.
                extra_config:
                  compression.type: lz4
            """);
        using var agent = WcaProcess.Start(["-c", config, "--root"], executable: NativeAotBuild.Executable);
        Assert.True(KafkaMockClusterReader.Consume(cluster.BootstrapServers, "wca_metrics", 3, TimeSpan.FromSeconds(30)).Count >= 3, agent.Stdout);
        agent.Signal(PosixSignal.SIGTERM);
        var (exitCode, stdout, stderr) = agent.WaitForExit();
        Assert.True(exitCode == 0, stdout + stderr);
        var iterations = int.Parse(StoppingAfter().Match(stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, "wca_metrics", iterations, TimeSpan.FromSeconds(30));
        Assert.Equal(iterations, consumed.Count);
        Promtool.AssertParses(consumed[^1]);
        Assert.Contains(PrometheusSamples.Parse(consumed[^1]), s => s.Name == "task_up" && s["task_id"] == task.Name);
        Assert.DoesNotContain("not delivered", stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Stopping after (\d+) iterations")]
    private static partial Regex StoppingAfter();
}
