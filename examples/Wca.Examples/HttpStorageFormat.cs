namespace Example;

/// <summary>What <see cref="HttpStorage"/> POSTs.</summary>
public enum HttpStorageFormat
{
    /// <summary>The original's body: one JSON object <c>{"metric name": value}</c>, labels dropped, the last of a repeated name wins.</summary>
    Json,

    /// <summary>The whole package as Prometheus text (labels, HELP/TYPE, timestamps).</summary>
    Prometheus,
}
