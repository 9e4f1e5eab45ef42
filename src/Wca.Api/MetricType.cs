namespace Wca.Api;

/// <summary>Prometheus metric type. <see cref="Untyped"/> writes no TYPE line.</summary>
public enum MetricType
{
    /// <summary>No declared type: no TYPE line.</summary>
    Untyped = 0,
    /// <summary>A value that can go up and down.</summary>
    Gauge,
    /// <summary>A value that only grows (until the agent or the task restarts).</summary>
    Counter,
}
