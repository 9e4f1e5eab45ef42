using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using Wca.Api;
using Wca.Api.Wrapper;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// The original's default parser (<c>wrapper.pex</c>): every match of <c>--regexp</c> in a line, or with
/// <c>--separator</c> in a block of lines ended by a line the separator matches at its start, is one untyped metric
/// named prefix + group <c>name</c> with the number in group <c>value</c> and the command line's labels.
/// </summary>
/// <remarks>
/// Unlike the original (§13 item 7), the default <c>--regexp</c> reads the whole number (<c>a=12.5</c> is 12.5, not 12;
/// <c>x=1ms</c> is 1, not a crash; a sign is allowed): it runs as a fixed, source-generated pattern. A user's own
/// <c>--regexp</c> keeps Python's matching exactly. A match whose value is not a number is skipped instead of ending the
/// wrapper; only when every match of a call was skipped does the call throw, so a wrong <c>--regexp</c> is logged.
/// </remarks>
internal sealed partial class DefaultRegexParser : IWorkloadParser
{
    /// <summary>A regexp that keeps inventing names would grow the descriptor cache without end: start it again past this.</summary>
    private const int MaxCachedNames = 4096;

    private readonly StringBuilder _block = new();
    private readonly Dictionary<string, MetricDescriptor> _descriptors = new(StringComparer.Ordinal);
    private WorkloadParserArguments? _preparedFor;
    private ArgumentException? _invalid;
    private Regex _regex = FixedDefaultRegex();
    private bool _usesFixedDefault = true;
    private Regex? _separator;
    private int _nameGroup;
    private int _valueGroup;

    /// <summary>The original default <c>(?P&lt;name&gt;\w+?)=(?P&lt;value&gt;\d+?.?\d*)</c> without its truncation of decimals.</summary>
    [GeneratedRegex(@"(?<name>\w+?)=(?<value>[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex FixedDefaultRegex();

    public bool Parse(IWorkloadOutput output, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        if (!TryPrepare(arguments, out var invalid))
        {
            // The wrapper logs a parser's exception and calls again: consume a line first, so a wrong pattern that
            // slipped past start-up validation cannot spin, and the workload's output is still echoed.
            if (output.ReadLine() is null) return false;
            throw invalid;
        }
        if (_separator is null)
        {
            var line = output.ReadLine();
            if (line is null) return false;
            AddMatches(line, arguments, batch);
            return true;
        }

        _block.Clear();
        for (var first = true; ; first = false)
        {
            var line = output.ReadLine();
            // The end inside a block discards the partial block, as the original does.
            if (line is null) return false;
            if (_separator.IsMatch(line)) break;
            // The original joins the lines (each still ending in \n) with \n: a pattern spanning lines sees both.
            if (!first) _block.Append('\n');
            _block.Append(line);
        }
        if (_block.Length > 0) AddMatches(_block.ToString(), arguments, batch);
        return true;
    }

    /// <summary>
    /// Checks <c>--regexp</c> (valid, with the groups name and value) and <c>--separator</c> (valid): for the wrapper's
    /// start-up, so a wrong pattern is a usage error before the workload starts.
    /// </summary>
    /// <exception cref="ArgumentException">The message names the option and says what is wrong.</exception>
    public static void Validate(WorkloadParserArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parser = new DefaultRegexParser();
        if (!parser.TryPrepare(arguments, out var invalid)) throw invalid;
    }

    /// <summary>Compiles <c>--regexp</c> and <c>--separator</c> once per run (the arguments are fixed for the run).</summary>
    private bool TryPrepare(WorkloadParserArguments arguments, [NotNullWhen(false)] out ArgumentException? invalid)
    {
        if (ReferenceEquals(arguments, _preparedFor))
        {
            invalid = _invalid;
            return invalid is null;
        }
        _preparedFor = arguments;
        _descriptors.Clear();
        try
        {
            _usesFixedDefault = string.Equals(arguments.Regexp, WorkloadParserArguments.DefaultRegexp, StringComparison.Ordinal);
            _regex = _usesFixedDefault ? FixedDefaultRegex() : Compile(arguments.Regexp, "--regexp");
            _nameGroup = _regex.GroupNumberFromName("name");
            _valueGroup = _regex.GroupNumberFromName("value");
            if (_nameGroup < 0 || _valueGroup < 0)
                throw new ArgumentException($"--regexp '{arguments.Regexp}' must define the named groups name and value, as (?P<name>...) and (?P<value>...)");
            // re.match: at the start of the line, not necessarily to its end.
            _separator = arguments.Separator is null ? null : Compile(@"\A(?:" + arguments.Separator + ")", "--separator", arguments.Separator);
        }
        catch (ArgumentException e)
        {
            // Kept: a wrong pattern is compiled once, not once per line.
            _invalid = invalid = e;
            return false;
        }
        _invalid = invalid = null;
        return true;
    }

    private static Regex Compile(string pattern, string option, string? given = null)
    {
        try
        {
            // Compiled: one pattern for the whole run on the hot path (Native AOT interprets it instead).
            return WorkloadParserArguments.CompilePython(pattern, RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option} '{given ?? pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }

    private void AddMatches(string text, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        if (_usesFixedDefault)
        {
            AddFixedDefaultMatches(text, arguments, batch);
            return;
        }
        // A line without a match allocates nothing (IsMatch on the span, no Match object).
        if (!_regex.IsMatch(text.AsSpan())) return;
        var added = 0;
        string? rejected = null;
        for (var match = _regex.Match(text); match.Success; match = match.NextMatch())
        {
            var name = match.Groups[_nameGroup];
            var value = match.Groups[_valueGroup];
            if (!name.Success || !value.Success || name.Length == 0) continue;
            if (!PythonFloat.TryParse(value.ValueSpan, out var number))
            {
                rejected ??= $"{arguments.MetricNamePrefix}{name.Value}";
                continue;
            }
            batch.Add(new Metric(Describe(name.ValueSpan, arguments.MetricNamePrefix), number, arguments.Labels));
            added++;
        }
        if (added == 0 && rejected is not null)
            throw new FormatException($"--regexp captures a value that is not a number for {rejected} (every match of the line was skipped)");
    }

    /// <summary>
    /// The default pattern without Match objects (the common case at 100k lines/s allocates nothing): its name is
    /// word characters, so the first '=' of a match splits name from value, and its value is always a number.
    /// </summary>
    private void AddFixedDefaultMatches(ReadOnlySpan<char> text, WorkloadParserArguments arguments, ICollection<Metric> batch)
    {
        foreach (var match in _regex.EnumerateMatches(text))
        {
            var pair = text.Slice(match.Index, match.Length);
            var equals = pair.IndexOf('=');
            if (PythonFloat.TryParse(pair[(equals + 1)..], out var number))
                batch.Add(new Metric(Describe(pair[..equals], arguments.MetricNamePrefix), number, arguments.Labels));
        }
    }

    private MetricDescriptor Describe(ReadOnlySpan<char> name, string prefix)
    {
        var lookup = _descriptors.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var known)) return known;
        if (_descriptors.Count >= MaxCachedNames) _descriptors.Clear();
        var key = name.ToString();
        var descriptor = new MetricDescriptor(prefix + key);
        _descriptors[key] = descriptor;
        return descriptor;
    }
}
