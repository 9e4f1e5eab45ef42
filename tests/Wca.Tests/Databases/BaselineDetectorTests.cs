using Example;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Databases;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

/// <summary>
/// The example detector's baselines survive an agent restart in each database, run through a configuration file as a
/// user would: two runs of the same file, the second going on from the samples the first stored.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BaselineDetectorTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("etcd")]
    [InlineData("zookeeper")]
    public void The_baseline_survives_an_agent_restart(string backend)
    {
        using var dir = new TestDirectory();
        using var etcd = backend == "etcd" ? EtcdServer.Start() : null;
        using var zookeeper = backend == "zookeeper" ? ZookeeperServer.Start() : null;
        var database = backend switch
        {
            "local" => $"!LocalDatabase\n            directory: '{dir.File("baselines")}'",
            "etcd" => $"!EtcdDatabase\n            hosts: ['{etcd!.Url}']",
            _ => $"!ZookeeperDatabase\n            hosts: ['{zookeeper!.HostPort}']\n            namespace: /wca/baselines",
        };
        var tasks = new[] { TestCgroup.Create("baseline0"), TestCgroup.Create("baseline1") };
        try
        {
            foreach (var task in tasks) task.StartSleeper();
            string Config(string output) => dir.Write(output + ".yaml", $"""
                runner: !DetectionRunner
                  node: !StaticNode
                    tasks: [{string.Join(", ", tasks.Select(t => t.RelativePath))}]
                  action_delay: 0.3
                  metrics_storage: !LogStorage
                    output_filename: '{dir.File(output + ".prom")}'
                  anomalies_storage: !LogStorage
                    output_filename: '{dir.File(output + "-anomalies.prom")}'
                  detector: !BaselineDetector
                    key_prefix: test-baseline
                    database: {database}
                """);

            var first = ConfiguredRun.ForDuration<DetectionRunner>(Config("first"), TimeSpan.FromSeconds(2.5));
            var second = ConfiguredRun.ForDuration<DetectionRunner>(Config("second"), TimeSpan.FromSeconds(2.5));
            // A fresh ZooKeeper session on a loaded machine may eat most of a run: one iteration is enough to prove the point.
            Assert.InRange(first, 1, 20);
            Assert.InRange(second, 1, 20);

            var before = Samples(dir.File("first-anomalies.prom"));
            var after = Samples(dir.File("second-anomalies.prom"));
            Assert.Equal(2, before.Count);
            foreach (var task in before.Keys)
            {
                Assert.Equal(Enumerable.Range(1, (int)first).Select(i => (double)i), before[task]);
                // The restarted agent read the stored baseline: it counts on from the first run's last sample.
                Assert.Equal(Enumerable.Range((int)first + 1, (int)second).Select(i => (double)i), after[task]);
            }
        }
        finally
        {
            foreach (var task in tasks) task.Dispose();
        }
    }

    [Fact]
    public void A_database_that_is_down_costs_a_warning_and_the_baseline_goes_on_in_memory()
    {
        var log = new RecordingLogger<BaselineDetector>();
        using var database = new EtcdDatabase([$"http://127.0.0.1:{PrometheusServer.FreePort()}"], timeout: 1);
        var detector = new BaselineDetector(log, database);
        var tasks = new Dictionary<string, TaskData>
        {
            ["/a/b"] = new() { Task = NodeTask.ForCgroup("/a/b"), Labels = LabelSet.From(("task_id", "/a/b")), Measurements = new Dictionary<string, double> { [BaselineDetector.UsageMetric] = 100 } },
        };
        var platform = new Platform { Sockets = 1, Cores = 1, Cpus = 1, CpuModel = "test", Timestamp = DateTimeOffset.UnixEpoch };
        detector.Detect(platform, tasks);
        var result = detector.Detect(platform, tasks);
        Assert.Equal(2, result.ExtraMetrics.Single(m => m.Name == "example_task_baseline_samples").Value);
        Assert.Single(log.Lines, l => l.Message.StartsWith("baselines kept in memory only: EtcdDatabase: Cannot get key", StringComparison.Ordinal));
    }

    [Fact]
    public void Task_ids_become_valid_distinct_keys()
    {
        var detector = new BaselineDetector(NullLogger<BaselineDetector>.Instance, new LocalDatabase("/tmp/unused-" + Guid.NewGuid().ToString("N")));
        Assert.Equal("baseline.plain-id_1.2"u8.ToArray(), detector.KeyOf("plain-id_1.2"));
        var a = detector.KeyOf("/kubepods/pod a");
        var b = detector.KeyOf("_kubepods_pod_a");
        Assert.NotEqual(a, b);
        Assert.Null(Wca.Api.Databases.DatabaseKey.Problem(a));
        Assert.Null(Wca.Api.Databases.DatabaseKey.Problem(detector.KeyOf(new string('x', 400))));
    }

    /// <summary>Every value of example_task_baseline_samples per task, in file order.</summary>
    private static Dictionary<string, List<double>> Samples(string file) =>
        PrometheusSamples.Parse(File.ReadAllText(file))
            .Where(s => s.Name == "example_task_baseline_samples")
            .GroupBy(s => s["task_id"]!)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Value).ToList());
}
