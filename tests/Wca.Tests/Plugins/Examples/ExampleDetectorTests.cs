using Example;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;

namespace Wca.Tests.Plugins.Examples;

/// <summary>The reference's simulated contention cycle (agent-core.md §12.1).</summary>
public sealed class ExampleDetectorTests
{
    private static Platform AtSecond(int second) =>
        new() { Sockets = 1, Cores = 2, Cpus = 4, CpuModel = "test", Timestamp = DateTimeOffset.FromUnixTimeSeconds(90 * 1000 + second) };

    private static Dictionary<string, TaskData> Tasks(int count) =>
        Enumerable.Range(0, count).Select(i => $"task{i:00}").ToDictionary(id => id,
            id => new TaskData { Task = NodeTask.ForCgroup("/" + id), Labels = LabelSet.From(("task_id", id)), Measurements = new Dictionary<string, double>() });

    private static DetectionResult Detect(int second, int tasks = 10) =>
        new ExampleDetector(NullLogger<ExampleDetector>.Instance).Detect(AtSecond(second), Tasks(tasks));

    [Theory]
    [InlineData(5, 1, 1, 1)]
    [InlineData(15, 1, 2, 2)]
    [InlineData(25, 1, 3, 2)]
    [InlineData(35, 2, 2, 3)]
    [InlineData(45, 3, 1, 1)]
    [InlineData(70, 0, 0, 0)]
    public void Each_phase_reports_its_pairs_resources_and_context_metrics(int second, int pairs, int resources, int metrics)
    {
        var result = Detect(second);

        var anomalies = result.Anomalies.Cast<ContentionAnomaly>().ToArray();
        Assert.Equal(pairs * resources, anomalies.Length);
        Assert.Equal(resources, anomalies.Select(a => a.Resource).Distinct().Count());
        Assert.All(anomalies, a => Assert.Equal(metrics, a.Metrics.Count));
        Assert.Equal(second, Assert.Single(result.ExtraMetrics).Value);
    }

    [Fact]
    public void Pairs_are_fixed_positions_of_the_sorted_task_ids_and_context_values_keep_the_reference_quirk()
    {
        var anomalies = Detect(45).Anomalies.Cast<ContentionAnomaly>().ToArray();

        Assert.Equal(["task00", "task03", "task06"], anomalies.Select(a => a.ContendedTaskId));
        Assert.Equal(["task07", "task08", "task09"], anomalies[2].ContendingTaskIds);
        Assert.All(anomalies, a => Assert.Equal(ContendedResource.Cpus, a.Resource));
        var context = Detect(35).Anomalies.Cast<ContentionAnomaly>().First().Metrics;
        Assert.Equal(["cpu_threshold_0", "cpu_threshold_1", "cpu_threshold_2"], context.Select(m => m.Name));
        Assert.Equal([1111111111.0, 2222222222.0, 3333333333.0], context.Select(m => m.Value));
    }

    [Fact]
    public void Fewer_than_ten_tasks_simulate_nothing()
    {
        var result = Detect(5, tasks: 9);
        Assert.Empty(result.Anomalies);
        Assert.Equal(5, Assert.Single(result.ExtraMetrics).Value);
    }

    [Fact]
    public void Skew_shifts_the_cycle_by_a_per_host_amount()
    {
        var skewed = new ExampleDetector(NullLogger<ExampleDetector>.Instance, skew: true).Detect(AtSecond(0), Tasks(10));
        var expected = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Environment.MachineName)).Sum(b => b) % 90;
        Assert.Equal(expected, Assert.Single(skewed.ExtraMetrics).Value);
    }
}
