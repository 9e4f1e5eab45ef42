using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>The shipped configs/extending/detection_example.yaml run by the built agent with the ExampleDetector plugin.</summary>
public sealed partial class DetectionExampleConfigTests
{
    private const string ShippedConfig = "configs/extending/detection_example.yaml";

    [GeneratedRegex(@"^(?<indent>\s*)tasks: \[[^\]]*\]$", RegexOptions.Multiline)]
    private static partial Regex TaskList();

    [Fact]
    public void The_example_config_stores_ExampleDetector_anomalies_with_its_labels_as_valid_Prometheus_text()
    {
        // ExampleDetector simulates contention only with at least 10 tasks (its MinimumTasks).
        var tasks = Enumerable.Range(0, 10).Select(i => TestCgroup.Create("example" + i)).ToArray();
        try
        {
            using var dir = new TestDirectory();
            var metricsFile = dir.File("output_anomalies.log");
            var anomaliesFile = dir.File("wca_anomalies.log");
            var config = dir.Write("detection_example.yaml", TestCopy(File.ReadAllText(Path.Combine(RepoLayout.Root, ShippedConfig)),
                tasks.Select(t => t.RelativePath), metricsFile, anomaliesFile));

            using var wca = WcaProcess.Start(["-c", config, "--root", "-r", $"{RepoLayout.ExamplesDll}:Example.ExampleDetector"]);
            // Seconds 50-89 of the 90 s cycle simulate nothing: anomalies may take up to 40 s to come.
            var withAnomalies = WaitForPackageWithAnomalies(anomaliesFile, wca, TimeSpan.FromSeconds(90));
            wca.Signal(PosixSignal.SIGTERM);
            var (exit, _, stderr) = wca.WaitForExit();
            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            Assert.NotNull(withAnomalies);
            Assert.DoesNotContain("not enough tasks", stderr);

            Promtool.AssertParses(withAnomalies);
            var samples = PrometheusSamples.Parse(withAnomalies);
            var ids = tasks.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
            var anomalies = samples.Where(s => s.Name == "anomaly").ToArray();
            Assert.NotEmpty(anomalies);
            Assert.All(anomalies, a =>
            {
                Assert.Equal("contention", a["type"]);
                Assert.Equal("$HOST_IP", a["env_id"]);
                Assert.Contains(a["contended_task_id"], ids);
                Assert.Equal(a["contended_task_id"], a["task_id"]);
                Assert.Contains(a["contending_task_id"], ids);
            });
            // Every phase with anomalies has the first pair: the smallest id contended by the next two.
            Assert.Contains(anomalies, a => a["contended_task_id"] == ids[0] && a["contending_task_id"] == ids[1] && a["resource"] == "cpus");
            Assert.Contains(samples, s => s.Name == "cpu_threshold_0" && s["type"] == "anomaly" && s["env_id"] == "$HOST_IP" && s.Value == 1111111111);
            Assert.Single(samples, s => s.Name == "second_of_cycle");
            Assert.True(Assert.Single(samples, s => s.Name == "anomaly_count").Value >= 1);
            Assert.Single(samples, s => s.Name == "anomaly_last_occurrence");
            Assert.All(samples, s => Assert.Equal("$HOST_IP", s["env_id"]));

            var lastMetrics = PackageTexts(File.ReadAllText(metricsFile))[^1];
            Promtool.AssertParses(lastMetrics);
            var metrics = PrometheusSamples.Parse(lastMetrics);
            Assert.Equal(10, metrics.Count(s => s.Name == "task_up" && s["env_id"] == "$HOST_IP"));
            Assert.Contains(metrics, s => s.Name == "wca_duration_seconds" && s["function"] == "detect");
        }
        finally
        {
            foreach (var t in tasks) t.Dispose();
        }
    }

    /// <summary>The shipped config with only its task list and output files changed; fails if the shipped keys moved.</summary>
    private static string TestCopy(string shipped, IEnumerable<string> tasks, string metricsFile, string anomaliesFile)
    {
        Assert.Single(TaskList().Matches(shipped));
        var copy = TaskList().Replace(shipped, m => $"{m.Groups["indent"].Value}tasks: [{string.Join(", ", tasks)}]");
        copy = ReplaceOnce(copy, "'/tmp/output_anomalies.log'", $"'{metricsFile}'");
        return ReplaceOnce(copy, "'/tmp/wca_anomalies.log'", $"'{anomaliesFile}'");
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"{from} is not in the shipped config exactly once");
        return text[..at] + to + text[(at + from.Length)..];
    }

    /// <summary>The first whole package with an anomaly sample in the appended file, or null when none came in time.</summary>
    private static string? WaitForPackageWithAnomalies(string path, WcaProcess wca, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var packages = PackageTexts(File.ReadAllText(path));
                // The last package may be half-written: only one followed by another counts.
                var found = packages.Take(packages.Count - 1).FirstOrDefault(p => p.StartsWith("anomaly{", StringComparison.Ordinal) || p.Contains("\nanomaly{", StringComparison.Ordinal));
                if (found is not null) return found;
            }
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(wca.Pid);
                if (process.HasExited) return null;
            }
            catch (ArgumentException)
            {
                return null;
            }
            Thread.Sleep(250);
        }
        return null;
    }

    /// <summary>The packages of an appended, timestamped file (the last maybe partial): each sample's timestamp names
    /// its package, and comment lines belong to the sample after them.</summary>
    private static List<string> PackageTexts(string text)
    {
        var packages = new List<(long Timestamp, StringBuilder Text)>();
        var comments = new StringBuilder();
        var lines = text.Split('\n');
        // The last element is what follows the last newline: empty, or a line still being written.
        foreach (var line in lines[..^1])
        {
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                comments.Append(line).Append('\n');
                continue;
            }
            var timestamp = PrometheusSamples.Parse(line)[0].Timestamp ?? throw new FormatException("sample without timestamp: " + line);
            if (packages.Count == 0 || packages[^1].Timestamp != timestamp) packages.Add((timestamp, new StringBuilder()));
            packages[^1].Text.Append(comments).Append(line).Append('\n');
            comments.Clear();
        }
        return [.. packages.Select(p => p.Text.ToString())];
    }
}
