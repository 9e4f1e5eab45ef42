using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>
/// A threshold detector on task CPU: a task using at least <c>cpu_threshold</c> CPUs (rate of
/// task_cpu_usage_seconds between two calls) contends for CPUs with every task below it; one
/// ContentionAnomaly per such victim. Also reports how many tasks are over the threshold.
/// </summary>
[WcaComponent]
public sealed class CpuThresholdDetector : IAnomalyDetector
{
    public const string CpuUsageMetric = TaskMetricNames.CpuUsageSeconds;

    private static readonly MetricDescriptor ThresholdMetric = new("cpu_threshold", MetricType.Gauge, "CPU usage (CPUs) above which a task is an aggressor.");
    private static readonly MetricDescriptor OverThresholdMetric = new("example_tasks_over_cpu_threshold", MetricType.Gauge, "Tasks using at least cpu_threshold CPUs.");

    private readonly ILogger<CpuThresholdDetector> _log;
    private readonly CounterRate _cpu = new();

    /// <param name="logger">Injected by the agent (module <c>example.exampledetector</c>).</param>
    /// <param name="cpuThreshold">CPUs (1.0 = one core busy) at or above which a task is an aggressor.</param>
    public CpuThresholdDetector(ILogger<CpuThresholdDetector> logger, [Numeric(0.001, 4096)] double cpuThreshold = 0.8)
    {
        _log = logger;
        CpuThreshold = cpuThreshold;
    }

    public double CpuThreshold { get; }

    public DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        var aggressors = new List<string>();
        var calm = new List<string>();
        foreach (var (id, task) in tasks)
        {
            if (!task.Measurements.TryGetValue(CpuUsageMetric, out var seconds)) continue;
            if (_cpu.Update(id, seconds, platform.Timestamp) is { } cpus) (cpus >= CpuThreshold ? aggressors : calm).Add(id);
        }
        _cpu.Retain(tasks.ContainsKey);

        aggressors.Sort(StringComparer.Ordinal);
        calm.Sort(StringComparer.Ordinal);
        var anomalies = new List<Anomaly>();
        if (aggressors.Count > 0)
        {
            var context = new[] { new Metric(ThresholdMetric, CpuThreshold, LabelSet.Empty) };
            foreach (var victim in calm) anomalies.Add(new ContentionAnomaly(victim, aggressors, ContendedResource.Cpus, context));
            _log.LogInformation("tasks over {Threshold} CPUs: {Aggressors}", CpuThreshold.ToString(CultureInfo.InvariantCulture), string.Join(", ", aggressors));
        }
        return new DetectionResult(anomalies, [new Metric(OverThresholdMetric, aggressors.Count, LabelSet.Empty)]);
    }
}
