using System.Globalization;
using System.Text;

namespace Wca.Host.Configuration;

/// <summary>The one format of every configuration error: where (file, line, column, YAML path), then what.</summary>
internal static class ConfigurationErrors
{
    private const string Omission = " ... ";

    public static string Format(string file, int line, int column, string? yamlPath, string message) =>
        Printable(line > 0
            ? $"{file}, line {line}, column {column}{(string.IsNullOrEmpty(yamlPath) ? "" : $", at '{yamlPath}'")}: {message}"
            : $"{file}{(string.IsNullOrEmpty(yamlPath) ? "" : $", at '{yamlPath}'")}: {message}");

    /// <summary>
    /// Control and invisible characters escaped (<c>\t</c>, <c>\u200b</c>) so a message shows what the file holds, and
    /// at most <see cref="ConfigurationLimits.MaxMessageLength"/> characters: the start (where) and the end (what was
    /// expected) are kept, the middle (usually a huge value) is left out.
    /// </summary>
    public static string Printable(string text)
    {
        var escaped = NeedsEscaping(text) ? Escape(text) : text;
        if (escaped.Length <= ConfigurationLimits.MaxMessageLength) return escaped;
        var note = string.Create(CultureInfo.InvariantCulture, $"{Omission}({escaped.Length - ConfigurationLimits.MaxMessageLength:N0} characters left out){Omission}");
        var keep = ConfigurationLimits.MaxMessageLength - note.Length;
        var head = keep * 2 / 3;
        return string.Concat(escaped.AsSpan(0, head), note, escaped.AsSpan(escaped.Length - (keep - head)));
    }

    /// <summary>
    /// <paramref name="value"/> cut to its first <paramref name="max"/> characters with the same note as
    /// <see cref="Printable"/>: a huge value quoted in a message must not push the rest of it (what was expected) out.
    /// </summary>
    public static string Shortened(string value, int max) =>
        value.Length <= max
            ? value
            : string.Concat(value.AsSpan(0, max), string.Create(CultureInfo.InvariantCulture, $"{Omission}({value.Length - max:N0} characters left out){Omission}"));

    private static bool NeedsEscaping(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (IsInvisible(text, i)) return true;
        return false;
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsInvisible(text, i))
            {
                sb.Append(c);
                continue;
            }
            sb.Append(c switch
            {
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                '\0' => @"\0",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }
        return sb.ToString();
    }

    private static bool IsInvisible(string text, int i)
    {
        var c = text[i];
        if (c < 0x7f) return c < 0x20;
        if (char.IsHighSurrogate(c)) return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }
}
