using Microsoft.Extensions.Logging;

namespace Wca.Wrapper.Cli;

/// <summary>The wrapper's command line after parsing (wrapper.md §3); defaults are the original's.</summary>
internal sealed record WrapperOptions
{
    public required string Command { get; init; }
    /// <summary>0 → parse the child's stdout; any other integer → its stderr.</summary>
    public long Stderr { get; init; }
    public string Regexp { get; init; } = Api.Wrapper.WorkloadParserArguments.DefaultRegexp;
    public string MetricNamePrefix { get; init; } = "";
    public string? Separator { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Error;
    /// <summary>The <c>--labels</c> text as given (parsed by <see cref="LabelsArgument"/>).</summary>
    public string Labels { get; init; } = "{}";
    public string KafkaBrokers { get; init; } = "";
    public string KafkaTopic { get; init; } = "wca_apms";
    public string? StorageOutputFilename { get; init; }
    public long? PeakLoad { get; init; }
    public string? LoadMetricName { get; init; }
    public double Slo { get; init; } = double.PositiveInfinity;
    public string? SliMetricName { get; init; }
    public bool InverseSliMetricValue { get; init; }
    public bool SubprocessShell { get; init; }
    /// <summary><c>--parser NAME</c> (ours); null = the parser of the launcher name, else the default parser.</summary>
    public string? Parser { get; init; }

    /// <summary>Whether the child's stderr is the parsed stream.</summary>
    public bool ParsesStderr => Stderr != 0;
}
