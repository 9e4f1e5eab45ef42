using YamlDotNet.Core;

namespace Wca.Host.Configuration.Yaml;

/// <summary>
/// What a YAML syntax error means for someone editing a configuration file, and where it really is: the parser's
/// wording names its own states ("while parsing a block mapping") and puts a tab at the end of the token before it.
/// </summary>
internal static class MalformedYaml
{
    /// <summary>The 1-based position and the explanation of <paramref name="error"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column, string What) Explain(YamlException error, string text)
    {
        var line = (int)error.Start.Line;
        var column = (int)error.Start.Column;
        var said = error.Message;
        if (said.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTab(text, line) is var (tabLine, tabColumn))
            return (tabLine, tabColumn, "a tab character indents this line: YAML indents with spaces only");
        var what = said switch
        {
            _ when said.Contains("did not find expected key", StringComparison.Ordinal)
                => "this line does not continue the mapping above it: check its indentation (the keys of one mapping start in the same column)",
            _ when said.Contains("did not find expected '-' indicator", StringComparison.Ordinal)
                => "this line does not continue the list above it: check its indentation (the items of one list start with '-' in the same column)",
            _ when said.Contains("did not find expected ',' or '}'", StringComparison.Ordinal)
                => "expected ',' or '}' in this {...} mapping",
            _ when said.Contains("did not find expected ',' or ']'", StringComparison.Ordinal)
                => "expected ',' or ']' in this [...] list",
            _ when said.Contains("Mapping values are not allowed", StringComparison.Ordinal) || said.Contains("found invalid mapping", StringComparison.Ordinal)
                => "': ' cannot start a mapping here: put the value in quotes if it contains ': ', or check the indentation",
            _ when said.Contains("quoted scalar", StringComparison.Ordinal) && said.Contains("end of stream", StringComparison.Ordinal)
                => "a quoted string is not closed before the end of the file",
            _ when said.Contains("did not find expected node content", StringComparison.Ordinal)
                => "a value is missing here",
            _ when said.Contains("cannot start any token", StringComparison.Ordinal)
                => "this character cannot start a YAML value (such as '@', '`' or '%'): put the value in quotes",
            _ when said.Contains("undefined tag handle", StringComparison.Ordinal)
                => "a tag of the form '!prefix!name' whose prefix is not declared: write component tags as '!Name'",
            _ when said.Contains("did not find expected <document start>", StringComparison.Ordinal)
                => "more text after the end of the document: check the indentation of this line",
            _ when said.Contains("did not find expected comment or line break", StringComparison.Ordinal)
                => "unexpected text after the value on this line (a '#' comment needs a space before it)",
            _ => Plain(said),
        };
        return (line, column, what);
    }

    /// <summary>The first tab at or after the start of <paramref name="fromLine"/>.</summary>
    private static (int Line, int Column)? FindTab(string text, int fromLine)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\t' && line >= fromLine) return (line, i - lineStart + 1);
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return null;
    }

    /// <summary>The parser's own sentence without its state names, lower-case, no trailing period.</summary>
    private static string Plain(string said)
    {
        var text = said.Trim().TrimEnd('.');
        foreach (var prefix in new[] { "While parsing ", "While scanning " })
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.IndexOf(", ", StringComparison.Ordinal) is > 0 and var comma)
                text = text[(comma + 2)..];
        return text.Length == 0 ? "not valid YAML here" : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
