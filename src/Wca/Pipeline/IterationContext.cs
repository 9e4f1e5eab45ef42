using Wca.Api;

namespace Wca.Pipeline;

/// <summary>
/// What one measurement cycle hands to the runner's body: the metrics package being built, when, and, only for
/// runners with a detector or allocator, the platform snapshot and each task's data. Reused across iterations.
/// </summary>
internal sealed class IterationContext
{
    /// <summary>The metrics package of this iteration (platform, tasks; the agent's own metrics follow the body).</summary>
    public MetricBatch Metrics { get; } = new(1024);

    /// <summary>When the iteration's measurements were made (the injected clock).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary><see cref="Timestamp"/> as Unix seconds with milliseconds, the value of time-valued metrics.</summary>
    public double Seconds => Timestamp.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Iterations so far that overran the interval.</summary>
    public long Overruns { get; set; }

    /// <summary>Tasks the node reported.</summary>
    public int TasksReported { get; set; }

    /// <summary>Tasks that gave measurements.</summary>
    public int TasksMeasured { get; set; }

    /// <summary>The platform now; null unless the cycle keeps task data for a decider.</summary>
    public Platform? Platform { get; set; }

    /// <summary>
    /// Each measured task by task id; empty unless the cycle keeps task data for a decider. A new dictionary every
    /// iteration: a decider may keep what it was handed.
    /// </summary>
    public Dictionary<string, TaskData> Tasks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Each measured task's labels (without the common ones) by task id, as <see cref="Tasks"/>.</summary>
    public Dictionary<string, LabelSet> TaskLabels { get; } = new(StringComparer.Ordinal);
}
