using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement;

/// <summary>The final release's <c>sched</c>: /proc/&lt;tid&gt;/sched of every thread of a task, summed, on real processes.</summary>
[Collection(SerialCollection.Name)]
public sealed class SchedStatTests
{
    private sealed class Recorder : IStorage
    {
        public List<Metric> Last { get; } = [];

        public void Store(MetricPackage package, CancellationToken cancellationToken)
        {
            Last.Clear();
            Last.AddRange(package.Metrics.ToArray());
        }
    }

    private static (Recorder Storage, MeasurementRunner Runner) Runner(TestCgroup task, Either<bool, string>? sched)
    {
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
        var storage = new Recorder();
        var node = new StaticNode([task.RelativePath], services.Cgroups, NullLogger.Instance);
        var runner = sched is { } value
            ? new MeasurementRunner(services) { Node = node, MetricsStorage = storage, Sched = value }
            : new MeasurementRunner(services) { Node = node, MetricsStorage = storage };
        Assert.Equal(0, runner.Initialize());
        return (storage, runner);
    }

    /// <summary>The sum of <paramref name="key"/> over the threads of the cgroup, read from /proc now.</summary>
    private static double SumNow(TestCgroup task, string key)
    {
        var sum = 0.0;
        var threads = task.Directories.Select(d => Path.Combine(d, "tasks")).FirstOrDefault(File.Exists)
            ?? Path.Combine(task.Directories[0], "cgroup.threads");
        foreach (var tid in File.ReadAllLines(threads).Where(l => l.Length > 0))
        {
            try
            {
                var line = File.ReadLines($"/proc/{tid}/sched").FirstOrDefault(l => l.Split(':')[0].Trim() == key);
                if (line is not null) sum += double.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }
        return sum;
    }

    [Fact]
    public void Every_threads_sched_file_is_summed_into_the_tasks_series()
    {
        using var task = TestCgroup.Create("sched");
        task.StartStressNg("--cpu", "2", "--cpu-load", "20");
        Thread.Sleep(500);
        var (storage, runner) = Runner(task, true);
        using (runner)
        {
            var before = SumNow(task, "nr_switches");
            runner.RunIteration(0);
            var after = SumNow(task, "nr_switches");
            var switches = Assert.Single(storage.Last, m => m.Name == "task_sched_stat" && m.Labels["key"] == "nr_switches" && m.Labels["task_id"] == task.RelativePath);
            Assert.InRange(switches.Value, before, after);
            Assert.True(switches.Value > 0);
            Assert.Contains(storage.Last, m => m.Name == "task_sched_stat" && m.Labels["key"] == "se.sum_exec_runtime" && m.Value > 0);
            var faults = storage.Last.Where(m => m.Name == "task_sched_stat_numa_faults").ToList();
            Assert.Equal(["group_private", "group_shared", "task_private", "task_shared"],
                faults.Where(m => m.Labels["numa_node"] == "0").Select(m => m.Labels["fault_type"]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_key_regex_keeps_the_matching_keys_and_it_is_off_by_default()
    {
        using var task = TestCgroup.Create("sched-regex");
        task.StartSleeper();
        var (storage, runner) = Runner(task, "^nr_");
        using (runner)
        {
            runner.RunIteration(0);
            var keys = storage.Last.Where(m => m.Name == "task_sched_stat").Select(m => m.Labels["key"]).ToList();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Matches(new Regex("^nr_"), k));
        }
        var (plain, off) = Runner(task, null);
        using (off)
        {
            off.RunIteration(0);
            Assert.DoesNotContain(plain.Last, m => m.Name.StartsWith("task_sched_stat", StringComparison.Ordinal));
            Assert.Contains(plain.Last, m => m.Name == "task_cpu_usage_seconds");
        }
    }
}
