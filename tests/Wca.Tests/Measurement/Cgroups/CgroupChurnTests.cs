using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Cgroups;

/// <summary>
/// Service restarts on a busy node: task cgroups removed and created anew on the same path while the agent measures
/// them. Before the fix a replaced cgroup kept task_up 1 and lost its cgroup metrics for good.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CgroupChurnTests
{
    private const int Tasks = 100;

    [Fact]
    public void Tasks_whose_cgroups_are_recreated_under_a_running_agent_all_have_every_metric_afterwards()
    {
        var cgroups = new List<TestCgroup>();
        try
        {
            for (var i = 0; i < Tasks; i++) cgroups.Add(TestCgroup.Create("churn" + i));
            using var steady = TestCgroup.Create("steady");
            using var dir = new TestDirectory();
            var output = dir.File("metrics.prom");
            var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
            var cgroupFs = services.Cgroups;
            using var node = new StaticNode([.. cgroups.Select(c => c.RelativePath), steady.RelativePath], cgroupFs, NullLogger.Instance);
            using var runner = new MeasurementRunner(services) { Node = node, MetricsStorage = new LogStorage(output, overwrite: true), IntervalSeconds = 0.1 };

            using var stop = new CancellationTokenSource();
            var exit = -1;
            var agent = new Thread(() => exit = runner.Run(stop.Token));
            agent.Start();
            var churned = 0;
            try
            {
                var random = new Random(7);
                var until = DateTime.UtcNow.AddSeconds(10);
                while (DateTime.UtcNow < until)
                {
                    var victim = cgroups[random.Next(cgroups.Count)];
                    foreach (var d in victim.Directories) Directory.Delete(d);
                    foreach (var d in victim.Directories) Directory.CreateDirectory(d);
                    churned++;
                    Thread.Sleep(random.Next(0, 4));
                }
                // Churn stopped: the iteration running now may have met it; the one after must see every task whole.
                var seen = runner.Iterations;
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (runner.Iterations < seen + 2 && DateTime.UtcNow < deadline && agent.IsAlive) Thread.Sleep(10);
                Assert.True(runner.Iterations >= seen + 2, "the agent did not iterate after the churn");
            }
            finally
            {
                stop.Cancel();
                Assert.True(agent.Join(TimeSpan.FromSeconds(10)));
            }
            Assert.Equal(0, exit);
            Assert.True(runner.Iterations > 30, $"{runner.Iterations} iterations in 10 s");
            Assert.True(churned > 500, $"{churned} recreations");

            var last = PrometheusSamples.Parse(File.ReadAllText(output));
            var names = last.Where(s => s.Name.StartsWith("task_", StringComparison.Ordinal) && s["task_id"] is not null)
                .GroupBy(s => s["task_id"]!)
                .ToDictionary(g => g.Key, g => g.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToArray());
            var expected = names[steady.RelativePath];
            Assert.Contains("task_cpu_usage_seconds", expected);
            Assert.Contains("task_mem_usage_bytes", expected);
            Assert.Contains("task_up", expected);
            var incomplete = cgroups.Where(c => !names.TryGetValue(c.RelativePath, out var got) || !got.SequenceEqual(expected))
                .Select(c => c.RelativePath + ": " + (names.TryGetValue(c.RelativePath, out var got) ? string.Join(",", expected.Except(got)) + " missing" : "not listed"))
                .ToArray();
            Assert.True(incomplete.Length == 0, $"{incomplete.Length} of {Tasks} tasks incomplete after {churned} recreations: {string.Join("; ", incomplete.Take(5))}");
        }
        finally
        {
            foreach (var cg in cgroups) cg.Dispose();
        }
    }
}
