using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf;

/// <summary>The agent under a low descriptor limit it cannot raise (hard = soft): the one EMFILE message, and it goes on.</summary>
public sealed class PerfDescriptorLimitTests
{
    [Fact]
    public void A_low_nofile_limit_gives_the_emfile_message_with_the_descriptors_needed_and_the_fix()
    {
        var cgroups = Enumerable.Range(0, 10).Select(i => TestCgroup.Create("perf-emfile" + i)).ToArray();
        try
        {
            using var dir = new TestDirectory();
            var tasks = string.Join(", ", cgroups.Select(c => c.RelativePath));
            var config = dir.Write("wca.yaml", $"""
                runner: !MeasurementRunner
                  interval: 1
                  node: !StaticNode
                    tasks: [{tasks}]
                  metrics_storage: !LogStorage
                    output_filename: {dir.File("metrics.prom")}
                    overwrite: true
                  event_names: [task_clock, context_switches, cpu_migrations, page_faults]
                """);
            // The runtime holds about 90 descriptors and each task's cgroup files about 12: 10 tasks x 2 CPUs x 4 events do not fit with the 64 kept free.
            using var agent = WcaProcess.Start(["-c", config, "--root"], launcher: ["prlimit", "--nofile=260:260", "--"]);
            Assert.True(agent.WaitForStdout("raise LimitNOFILE"), agent.Stdout + agent.Stderr);
            Assert.True(agent.WaitForStdout("Measuring every"), agent.Stdout);
            var line = agent.Stdout.Split('\n').Single(l => l.Contains("too many open files", StringComparison.Ordinal));
            Assert.Contains("perf descriptors are needed (", line);
            Assert.Contains("task cgroups x 2 CPUs x 4 events", line);
            Assert.Contains("the soft RLIMIT_NOFILE is 260", line);
            Assert.Contains("raise LimitNOFILE in the agent's systemd unit", line);
            // It goes on measuring (the cgroup metrics of every task) and says it once.
            var metrics = dir.File("metrics.prom");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !(File.Exists(metrics) && File.ReadAllText(metrics).Contains("task_cpu_usage_seconds", StringComparison.Ordinal)))
                Thread.Sleep(200);
            Assert.True(File.Exists(metrics), agent.Stdout);
            Assert.Contains("task_cpu_usage_seconds", File.ReadAllText(metrics));
            Thread.Sleep(2500);
            Assert.Single(agent.Stdout.Split('\n'), l => l.Contains("too many open files", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var c in cgroups) c.Dispose();
        }
    }
}
