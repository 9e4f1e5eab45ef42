using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Wca.Wrapper.Cli;

/// <summary>
/// The original's command line, parsed by Python argparse's rules (wrapper.md §3): long options only (and -h/--help),
/// unambiguous prefixes, <c>--opt value</c> and <c>--opt=value</c>, the last occurrence wins, a separate value that
/// starts with '-', contains no space and is not a negative number is an option (so <c>--separator ---</c> needs '=').
/// System.CommandLine has no prefix matching, hence this small parser.
/// </summary>
internal static partial class WrapperCommandLine
{
    public const string Description = "Wrapper that exposes APMs using Prometheus format.";

    private enum Kind { String, Integer, Float, LogLevel, Flag, Help }

    private sealed record Option(string Name, Kind Kind, string Help, bool Required = false, bool ExactOnly = false)
    {
        public string Metavar => Name[2..].ToUpperInvariant();
    }

    private static readonly Option[] Options =
    [
        new("--help", Kind.Help, "show this help message and exit"),
        new("--command", Kind.String, "Workload run command", Required: true),
        new("--stderr", Kind.Integer, "If 0, parse the workload's stdout; otherwise its stderr (default 0)"),
        new("--regexp", Kind.String, "Regexp used to find metrics in the workload's output (default parser only); named groups "
            + "'name' and 'value' (default: " + Api.Wrapper.WorkloadParserArguments.DefaultRegexp.Replace("%", "%%", StringComparison.Ordinal) + ")"),
        new("--metric_name_prefix", Kind.String, "Prefix prepended to the names of parsed metrics"),
        new("--separator", Kind.String, "Default parser: a regexp matched at the start of a line that ends a block of metric lines"),
        new("--log_level", Kind.LogLevel, "Logging level: ERROR, WARNING, INFO, DEBUG or TRACE (default ERROR)"),
        new("--labels", Kind.String, "Labels added to every metric: a JSON object or a Python dictionary literal of strings, "
            + "e.g. {\"workload\":\"stress-ng\"} or {'workload':'stress-ng'}"),
        new("--kafka_brokers", Kind.String, "Comma-separated Kafka brokers (host:port); empty = no Kafka"),
        new("--kafka_topic", Kind.String, "Kafka topic (default wca_apms)"),
        new("--storage_output_filename", Kind.String, "Without Kafka: the file metrics are appended to (default: stderr)"),
        new("--peak_load", Kind.Integer, "Expected maximum load (denominator of load_normalized)"),
        new("--load_metric_name", Kind.String, "Parsed metric that is the load, or 'const' (load = peak_load)"),
        new("--slo", Kind.Float, "Service level objective, in the unit of the SLI (default inf)"),
        new("--sli_metric_name", Kind.String, "Parsed metric that is the service level indicator"),
        new("--inverse_sli_metric_value", Kind.Flag, "Use 1/value of the SLI metric (for higher-is-better indicators)"),
        new("--subprocess_shell", Kind.Flag, "Run the command through /bin/sh -c"),
        // Ours: not an original option, so exact only (it must not make an original prefix such as --p ambiguous).
        new("--parser", Kind.String, "Parser to use (ours; default: the one the launcher name selects, else 'default')", ExactOnly: true),
    ];

    public static readonly string[] LogLevels = ["ERROR", "WARNING", "INFO", "DEBUG", "TRACE"];

    /// <summary>argparse's negative-number look: such a value is a value, not an option.</summary>
    [GeneratedRegex(@"^-\d+$|^-\d*\.\d+$")]
    private static partial Regex NegativeNumber();

    /// <summary>Parses <paramref name="args"/>; null when help was asked (and printed to <paramref name="stdout"/>).</summary>
    /// <exception cref="UsageException">A usage error (the caller prints usage and the message, exit 2).</exception>
    public static WrapperOptions? Parse(IReadOnlyList<string> args, string prog, TextWriter stdout)
    {
        // Pass 1 (as argparse): classify every argument as an option (with its explicit "=value") or a value.
        var classified = new (Option? Option, string? Explicit, bool IsOptionLike)[args.Count];
        for (var i = 0; i < args.Count; i++) classified[i] = Classify(args[i]);

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unrecognized = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (option, explicitValue, optionLike) = classified[i];
            if (args[i] == "--")
            {
                // Everything after "--" is positional, and this parser takes no positionals.
                unrecognized.AddRange(args.Skip(i + 1));
                break;
            }
            if (option is null)
            {
                unrecognized.Add(args[i]);
                continue;
            }
            _ = optionLike;
            switch (option.Kind)
            {
                case Kind.Help:
                    if (explicitValue is not null) throw new UsageException($"argument -h/--help: ignored explicit argument '{explicitValue}'");
                    stdout.Write(Help(prog));
                    return null;
                case Kind.Flag:
                    if (explicitValue is not null) throw new UsageException($"argument {option.Name}: ignored explicit argument '{explicitValue}'");
                    values[option.Name] = null;
                    break;
                default:
                    string value;
                    if (explicitValue is not null) value = explicitValue;
                    else if (i + 1 < args.Count && !classified[i + 1].IsOptionLike && args[i + 1] != "--") value = args[++i];
                    else throw new UsageException($"argument {option.Name}: expected one argument");
                    Convert(option, value);
                    values[option.Name] = value;
                    break;
            }
        }
        var missing = Options.Where(o => o.Required && !values.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        if (missing.Count > 0) throw new UsageException("the following arguments are required: " + string.Join(", ", missing));
        if (unrecognized.Count > 0) throw new UsageException("unrecognized arguments: " + string.Join(" ", unrecognized));

        string? Get(string name) => values.GetValueOrDefault(name);
        return new WrapperOptions
        {
            Command = Get("--command")!,
            Stderr = Get("--stderr") is { } e ? ParseInteger(e)!.Value : 0,
            Regexp = Get("--regexp") ?? Api.Wrapper.WorkloadParserArguments.DefaultRegexp,
            MetricNamePrefix = Get("--metric_name_prefix") ?? "",
            Separator = Get("--separator"),
            LogLevel = Get("--log_level") is { } l ? ToLogLevel(l) : LogLevel.Error,
            Labels = Get("--labels") ?? "{}",
            KafkaBrokers = Get("--kafka_brokers") ?? "",
            KafkaTopic = Get("--kafka_topic") ?? "wca_apms",
            StorageOutputFilename = Get("--storage_output_filename"),
            PeakLoad = Get("--peak_load") is { } p ? ParseInteger(p) : null,
            LoadMetricName = Get("--load_metric_name"),
            Slo = Get("--slo") is { } s ? ParseFloat(s)!.Value : double.PositiveInfinity,
            SliMetricName = Get("--sli_metric_name"),
            InverseSliMetricValue = values.ContainsKey("--inverse_sli_metric_value"),
            SubprocessShell = values.ContainsKey("--subprocess_shell"),
            Parser = Get("--parser"),
        };
    }

    /// <summary>argparse's <c>_parse_optional</c>: which option an argument names, or a value (Option null, not option-like).</summary>
    private static (Option? Option, string? Explicit, bool IsOptionLike) Classify(string arg)
    {
        if (arg.Length == 0 || arg[0] != '-' || arg == "-") return (null, null, false);
        if (arg == "-h") return (Options[0], null, true);
        if (Exact(arg) is { } exact) return (exact, null, true);
        string name = arg;
        string? explicitValue = null;
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            name = arg[..eq];
            explicitValue = arg[(eq + 1)..];
            if (Exact(name) is { } withValue) return (withValue, explicitValue, true);
        }
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var matches = Options.Where(o => !o.ExactOnly && o.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (matches.Count > 1)
                throw new UsageException($"ambiguous option: {arg} could match {string.Join(", ", matches.Select(m => m.Name))}");
            if (matches.Count == 1) return (matches[0], explicitValue, true);
        }
        else if (arg.StartsWith("-h", StringComparison.Ordinal) && arg.Length > 2)
        {
            // -hX: argparse reads X as -h's explicit argument.
            return (Options[0], arg[2..], true);
        }
        if (NegativeNumber().IsMatch(arg)) return (null, null, false);
        if (arg.Contains(' ', StringComparison.Ordinal)) return (null, null, false);
        // An unknown option: reported as unrecognized, and never taken as another option's value.
        return (null, null, true);
    }

    private static Option? Exact(string name) => Array.Find(Options, o => o.Name == name);

    private static void Convert(Option option, string value)
    {
        switch (option.Kind)
        {
            case Kind.Integer when ParseInteger(value) is null:
                throw new UsageException($"argument {option.Name}: invalid int value: {PythonRepr.Of(value)}");
            case Kind.Float when ParseFloat(value) is null:
                throw new UsageException($"argument {option.Name}: invalid float value: {PythonRepr.Of(value)}");
            case Kind.LogLevel when !LogLevels.Contains(value, StringComparer.Ordinal):
                throw new UsageException($"argument {option.Name}: invalid choice: {PythonRepr.Of(value)} (choose from "
                    + string.Join(", ", LogLevels.Select(PythonRepr.Of)) + ")");
        }
    }

    /// <summary>Python's <c>int(text)</c>: surrounding whitespace, a sign, digits with single underscores between them.</summary>
    public static long? ParseInteger(string text)
    {
        var t = text.Trim();
        if (t.Contains("__", StringComparison.Ordinal) || t.EndsWith('_') || t.StartsWith('_')) return null;
        var sign = t.Length > 0 && t[0] is '+' or '-' ? 1 : 0;
        if (sign < t.Length && t[sign] == '_') return null;
        return long.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Python's <c>float(text)</c>: whitespace, sign, decimal or exponent notation, underscores between digits, inf/infinity/nan.</summary>
    public static double? ParseFloat(string text)
    {
        var t = text.Trim();
        var body = t.TrimStart('+', '-');
        if (body.Length != t.Length - (t.Length > 0 && t[0] is '+' or '-' ? 1 : 0)) return null;
        var negative = t.StartsWith('-');
        switch (body.ToLowerInvariant())
        {
            case "inf" or "infinity": return negative ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan": return double.NaN;
        }
        if (!PythonFloatSyntax().IsMatch(body)) return null;
        return double.Parse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$")]
    private static partial Regex PythonFloatSyntax();

    private static LogLevel ToLogLevel(string name) => name switch
    {
        "ERROR" => LogLevel.Error,
        "WARNING" => LogLevel.Warning,
        "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary>argparse's usage line.</summary>
    public static string Usage(string prog)
    {
        var text = new StringBuilder("usage: ").Append(prog).Append(" [-h]");
        foreach (var o in Options.Skip(1))
        {
            var part = o.Kind == Kind.Flag ? o.Name : $"{o.Name} {o.Metavar}";
            text.Append(' ').Append(o.Required ? part : $"[{part}]");
        }
        return Wrap(text.ToString(), 80, 80 - ("usage: ".Length + prog.Length + 1), new string(' ', "usage: ".Length + prog.Length + 1)) + "\n";
    }

    /// <summary>The <c>-h</c> text: usage, description, one entry per option (argparse's layout).</summary>
    public static string Help(string prog)
    {
        var text = new StringBuilder(Usage(prog)).Append('\n').Append(Description).Append("\n\noptional arguments:\n");
        foreach (var o in Options)
        {
            var invocation = o.Kind switch
            {
                Kind.Help => "-h, --help",
                Kind.Flag => o.Name,
                _ => $"{o.Name} {o.Metavar}",
            };
            var head = "  " + invocation;
            var help = Wrap(o.Help, 80 - 24, 80 - 24, new string(' ', 24));
            text.Append(head.Length <= 22 ? head.PadRight(24) + help : head + "\n" + new string(' ', 24) + help).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Words of <paramref name="text"/> in lines of at most the given widths, later lines indented by <paramref name="continuation"/>.</summary>
    private static string Wrap(string text, int firstWidth, int laterWidth, string continuation)
    {
        var result = new StringBuilder();
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            var limit = result.Length == 0 ? firstWidth : laterWidth;
            if (line.Length > 0 && line.Length + 1 + word.Length > limit)
            {
                result.Append(line).Append('\n').Append(continuation);
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        return result.Append(line).ToString();
    }
}
