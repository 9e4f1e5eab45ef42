using Wca.Api;

namespace Wca.Wrapper.Parsers;

/// <summary>One metric a workload parser emits: its name after the prefix, type and HELP text (the original's).</summary>
internal readonly record struct ParsedMetricSpec(string Suffix, MetricType Type, string? Help)
{
    /// <summary>A gauge, as most of the original's parsers emit.</summary>
    public static ParsedMetricSpec Gauge(string suffix, string help) => new(suffix, MetricType.Gauge, help);
}
