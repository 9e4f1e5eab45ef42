namespace Wca.Measurement.Catalog;

/// <summary>Ways a metric name departs from the Prometheus naming conventions.</summary>
[Flags]
public enum NamingDeviation
{
    None = 0,

    /// <summary>A counter whose name does not end in <c>_total</c>.</summary>
    CounterWithoutTotal = 1,

    /// <summary>A Unix timestamp whose name does not end in <c>_timestamp_seconds</c>.</summary>
    TimestampWithoutSuffix = 2,

    /// <summary>The value is in a unit that is not a base unit (ticks, pages, milliseconds ...).</summary>
    NonBaseUnit = 4,

    /// <summary>Ends in <c>_count</c>, a suffix Prometheus reserves for histograms and summaries.</summary>
    ReservedSuffix = 8,

    /// <summary>An info metric (value 1, facts in labels) whose name does not end in <c>_info</c>.</summary>
    InfoWithoutSuffix = 16,
}
