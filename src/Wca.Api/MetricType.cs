namespace Wca.Api;

/// <summary>Prometheus metric type. <see cref="Untyped"/> writes no TYPE line.</summary>
public enum MetricType
{
    Untyped = 0,
    Gauge,
    Counter,
}
