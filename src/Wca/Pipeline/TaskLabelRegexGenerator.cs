using System.Text;
using System.Text.RegularExpressions;
using Wca.Api.Configuration;

namespace Wca.Pipeline;

/// <summary>
/// Derives a task label from another one by a regex substitution (the final release's <c>!TaskLabelRegexGenerator</c>,
/// used in <c>task_label_generators: {new_label: !TaskLabelRegexGenerator {pattern, repl, source}}</c>), e.g. an
/// application name from an Aurora task name. Both are written as in the original, for Python's <c>re.sub</c>: named
/// groups <c>(?P&lt;name&gt;...)</c> and <c>(?P=name)</c> in the pattern, <c>\1</c> or <c>\g&lt;name&gt;</c> in <c>repl</c>.
/// </summary>
/// <param name="pattern">The regex searched in the source label's value.</param>
/// <param name="repl">What each match is replaced with.</param>
/// <param name="source">The label whose value is transformed (default the task's name).</param>
[WcaComponent]
public sealed class TaskLabelRegexGenerator([Str] string pattern, [Str] string repl, [Str] string source = "task_name")
{
    private readonly Regex _regex = Compile(pattern);
    private readonly string _replacement = DotNetReplacement(repl);

    public string Pattern { get; } = pattern;
    public string Repl { get; } = repl;
    public string Source { get; } = source;

    /// <summary>The derived value, or null when the task has no <see cref="Source"/> label.</summary>
    public string? Generate(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Source, out var value) ? _regex.Replace(value, _replacement) : null;

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(DotNetPattern(pattern), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{pattern}' is not a valid regular expression: {e.Message}", "pattern");
        }
    }

    /// <summary>Python's named groups (<c>(?P&lt;n&gt;</c>, <c>(?P=n)</c>) as .NET's (<c>(?&lt;n&gt;</c>, <c>\k&lt;n&gt;</c>); the rest is the same syntax.</summary>
    internal static string DotNetPattern(string pattern) =>
        Regex.Replace(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), @"\(\?P=(\w+)\)", @"\k<$1>");

    /// <summary>Python's replacement syntax (<c>\1</c>, <c>\g&lt;x&gt;</c>, <c>\\</c>) as .NET's (<c>${1}</c>, <c>${x}</c>, a literal <c>$</c> as <c>$$</c>).</summary>
    internal static string DotNetReplacement(string repl)
    {
        var text = new StringBuilder(repl.Length + 8);
        for (var i = 0; i < repl.Length; i++)
        {
            var c = repl[i];
            if (c == '$') { text.Append("$$"); continue; }
            if (c != '\\' || i + 1 == repl.Length) { text.Append(c); continue; }
            var next = repl[i + 1];
            if (char.IsAsciiDigit(next))
            {
                var end = i + 1;
                while (end < repl.Length && end < i + 3 && char.IsAsciiDigit(repl[end])) end++;
                text.Append("${").Append(repl, i + 1, end - i - 1).Append('}');
                i = end - 1;
            }
            else if (next == 'g' && i + 2 < repl.Length && repl[i + 2] == '<' && repl.IndexOf('>', i + 3) is var close and > 0)
            {
                text.Append("${").Append(repl, i + 3, close - i - 3).Append('}');
                i = close;
            }
            else if (next == '\\') { text.Append('\\'); i++; }
            else if (next == 'n') { text.Append('\n'); i++; }
            else if (next == 't') { text.Append('\t'); i++; }
            else text.Append(c);
        }
        return text.ToString();
    }
}
