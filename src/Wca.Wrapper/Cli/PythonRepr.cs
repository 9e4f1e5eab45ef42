using System.Globalization;
using System.Text;

namespace Wca.Wrapper.Cli;

/// <summary>Python's <c>repr()</c> of strings and lists of strings, for messages that users compare with the original's.</summary>
internal static class PythonRepr
{
    public static string Of(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                default:
                    if (c == quote) text.Append('\\').Append(c);
                    else if (c < ' ' || c == '\x7f') text.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append(quote).ToString();
    }

    public static string Of(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Of)) + "]";
}
