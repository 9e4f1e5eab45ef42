using System.Text.RegularExpressions;

namespace Wca.Api.Wrapper;

/// <summary>
/// The command-line values a parser may use (<c>--regexp</c>, <c>--separator</c>, <c>--labels</c>,
/// <c>--metric_name_prefix</c>), fixed for the wrapper's whole run. Workload-specific parsers ignore
/// <see cref="Regexp"/> and <see cref="Separator"/> as the original's do.
/// </summary>
public sealed class WorkloadParserArguments
{
    /// <summary>The original's default <c>--regexp</c> (Python syntax; .NET reads it the same way).</summary>
    public const string DefaultRegexp = @"(?P<name>\w+?)=(?P<value>\d+?.?\d*)";

    /// <summary>
    /// <c>--regexp</c> as given (Python syntax, <c>(?P&lt;name&gt;...)</c> groups); the default parser's pattern, which
    /// must define the groups <c>name</c> and <c>value</c>.
    /// </summary>
    public string Regexp { get; init; } = DefaultRegexp;

    /// <summary><c>--separator</c>: a regular expression matched at the start of a line that ends a block; null = one line per call.</summary>
    public string? Separator { get; init; }

    /// <summary>
    /// <c>--labels</c>: attached to every parsed metric (the parser does that) and to the SLI/SLO/load metrics (the
    /// wrapper does). Immutable: a parser that adds labels (stress-ng's <c>id_proc_stress_ng</c>) adds them to its own
    /// metrics only (<see cref="LabelSet.With"/>), not to later ones as the original's shared dictionary did.
    /// </summary>
    public LabelSet Labels { get; init; } = LabelSet.Empty;

    /// <summary><c>--metric_name_prefix</c>: prepended verbatim to the names of parsed metrics; empty by default.</summary>
    public string MetricNamePrefix { get; init; } = "";

    /// <summary>
    /// <paramref name="pattern"/> (Python <c>re</c> syntax as the command line and the original's parsers write it) as a
    /// compiled .NET regular expression: <c>(?P&lt;name&gt;</c> groups become <c>(?&lt;name&gt;</c>, <c>(?P=name)</c>
    /// back references <c>\k&lt;name&gt;</c>. Compile once per parser, not per line.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static Regex CompilePython(string pattern, RegexOptions options = RegexOptions.None)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        dotnet = Regex.Replace(dotnet, @"\(\?P=(\w+)\)", @"\k<$1>");
        return new Regex(dotnet, options | RegexOptions.CultureInvariant);
    }
}
