using Example;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;

namespace Wca.Tests.Plugins.Examples;

public sealed class CpuThresholdDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Platform At(DateTimeOffset t) => new() { Sockets = 1, Cores = 2, Cpus = 4, CpuModel = "test", Timestamp = t };

    private static Dictionary<string, TaskData> Tasks(params (string Id, double CpuSeconds)[] tasks) =>
        tasks.ToDictionary(t => t.Id, t => new TaskData
        {
            Task = NodeTask.ForCgroup("/" + t.Id), Labels = LabelSet.From(("task_id", t.Id)),
            Measurements = new Dictionary<string, double> { [CpuThresholdDetector.CpuUsageMetric] = t.CpuSeconds },
        });

    [Fact]
    public void First_call_has_no_rate_and_reports_nothing()
    {
        var detector = new CpuThresholdDetector(NullLogger<CpuThresholdDetector>.Instance, cpuThreshold: 0.5);
        var result = detector.Detect(At(T0), Tasks(("a", 100), ("b", 5)));
        Assert.Empty(result.Anomalies);
        Assert.Equal(0, Assert.Single(result.ExtraMetrics).Value);
    }

    [Fact]
    public void A_task_over_the_cpu_threshold_contends_with_every_task_below_it()
    {
        var detector = new CpuThresholdDetector(NullLogger<CpuThresholdDetector>.Instance, cpuThreshold: 0.5);
        detector.Detect(At(T0), Tasks(("hog", 100), ("web", 10), ("db", 20)));
        // 10 s later: hog used 8 s (0.8 CPUs), web 1 s (0.1), db 2 s (0.2).
        var result = detector.Detect(At(T0.AddSeconds(10)), Tasks(("hog", 108), ("web", 11), ("db", 22)));

        var anomalies = result.Anomalies.Cast<ContentionAnomaly>().OrderBy(a => a.ContendedTaskId).ToArray();
        Assert.Equal(["db", "web"], anomalies.Select(a => a.ContendedTaskId));
        Assert.All(anomalies, a =>
        {
            Assert.Equal(["hog"], a.ContendingTaskIds);
            Assert.Equal(ContendedResource.Cpus, a.Resource);
            Assert.Equal(0.5, Assert.Single(a.Metrics).Value);
        });
        var over = Assert.Single(result.ExtraMetrics);
        Assert.Equal("example_tasks_over_cpu_threshold", over.Name);
        Assert.Equal(1, over.Value);
    }

    [Fact]
    public void Calm_tasks_raise_no_anomaly()
    {
        var detector = new CpuThresholdDetector(NullLogger<CpuThresholdDetector>.Instance, cpuThreshold: 2);
        detector.Detect(At(T0), Tasks(("a", 0), ("b", 0)));
        Assert.Empty(detector.Detect(At(T0.AddSeconds(1)), Tasks(("a", 1), ("b", 1.5))).Anomalies);
    }
}
