using Wca.Runners;
using Wca.Tests.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage.Kafka;

/// <summary>
/// The seed's example as the reference wrote it (detection_example.yaml): a DetectionRunner on a !MesosNode over
/// TLS, ExampleDetector, anomalies to !KafkaStorage. Here the Mesos agent is Kestrel over HTTPS answering GET_STATE
/// with the recorded fixture, whose executor is a real process in a real cgroup, and Kafka is librdkafka's mock
/// cluster; only the endpoints, the CA and the output file differ from the reference's file.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SeedExampleOnMesosTests(OrchestratorClientTests.Pki pki) : IClassFixture<OrchestratorClientTests.Pki>
{
    private const string MesosTaskId = "root-staging14-cassandra--9043-0-9ee9fbf1-b51b-4bb3-9748-6a4327fd7e0e";

    [Fact]
    public void MesosTasksAreMeasuredAndTheirAnomalyPackagesArriveInKafka()
    {
        using var cgroup = TestCgroup.Create("seed-mesos");
        var pid = cgroup.StartSleeper().Id;
        using var mesos = OrchestratorServer.StartHttps(pki.Certificates);
        var fixture = File.ReadAllText(Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Discovery/Mesos/Fixtures/mesos_get_state.json"));
        mesos.SetPost("/api/v1", OrchestratorRoute.Json(fixture.Replace("\"executor_pid\": 32620", $"\"executor_pid\": {pid}", StringComparison.Ordinal)));
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("wca_anomalies");
        using var dir = new TestDirectory();
        var metrics = dir.File("output_anomalies.log");
        var path = dir.Write("detection_example.yaml", $"""
            runner: !DetectionRunner
              node: !MesosNode
                mesos_agent_endpoint: '{mesos.Url}'
                timeout: 5
                ssl: !SSL
                  server_verify: '{pki.Certificates.CaPath}'
              action_delay: 0.5
              metrics_storage: !LogStorage
                output_filename: '{metrics}'
                overwrite: true
              anomalies_storage: !KafkaStorage
                brokers_ips: ['{cluster.BootstrapServers}']
                topic: wca_anomalies
                max_timeout_in_seconds: 5.
              detector: !ExampleDetector
              extra_labels:
                env_id: "$HOST_IP"
            """);
        var iterations = ConfiguredRun.ForDuration<DetectionRunner>(path, TimeSpan.FromSeconds(2.2));

        Assert.InRange(iterations, 3, 6);
        Assert.Contains(mesos.Requests, r => r.Path == "/api/v1");
        var measured = PrometheusSamples.Parse(File.ReadAllText(metrics));
        Assert.Contains(measured, s => s.Name == "task_up" && s["task_id"] == MesosTaskId && s["application"] == "cassandra" && s["env_id"] == "$HOST_IP");
        var consumed = KafkaMockClusterReader.Consume(cluster.BootstrapServers, "wca_anomalies", (int)iterations, TimeSpan.FromSeconds(30));
        Assert.Equal(iterations, consumed.Count);
        foreach (var package in consumed)
        {
            Promtool.AssertParses(package);
            var samples = PrometheusSamples.Parse(package);
            Assert.Contains(samples, s => s.Name == "anomaly_count" && s["env_id"] == "$HOST_IP");
            Assert.Contains(samples, s => s.Name == "second_of_cycle");
        }
    }
}
