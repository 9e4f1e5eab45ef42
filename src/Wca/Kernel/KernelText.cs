using System.Buffers.Text;

namespace Wca.Kernel;

/// <summary>Allocation-free helpers for the line-oriented text of /proc, /sys and cgroup files.</summary>
internal static class KernelText
{
    /// <summary>Splits off the first line (without its '\n'); false when <paramref name="text"/> is empty.</summary>
    public static bool NextLine(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        if (text.IsEmpty) { line = default; return false; }
        var nl = text.IndexOf((byte)'\n');
        if (nl < 0) { line = text; text = default; }
        else { line = text[..nl]; text = text[(nl + 1)..]; }
        return true;
    }

    /// <summary>Splits off the next field separated by spaces or tabs; false when none is left.</summary>
    public static bool NextField(ref ReadOnlySpan<byte> line, out ReadOnlySpan<byte> field)
    {
        var start = 0;
        while (start < line.Length && line[start] is (byte)' ' or (byte)'\t') start++;
        if (start == line.Length) { field = default; line = default; return false; }
        var end = start;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t')) end++;
        field = line[start..end];
        line = line[end..];
        return true;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    /// <summary>The number right after "<paramref name="key"/>=" in a line (PSI "avg10=1.5 total=42").</summary>
    public static bool TryFindDouble(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out double value)
    {
        while (NextField(ref line, out var field))
        {
            if (field.Length > key.Length && field[key.Length] == (byte)'=' && field.StartsWith(key))
                return TryParseDouble(field[(key.Length + 1)..], out value);
        }
        value = 0;
        return false;
    }

    /// <summary>The whole text parsed as one integer (sysfs attribute files), trailing newline ignored.</summary>
    public static bool TryParseLongTrimmed(ReadOnlySpan<byte> text, out long value) =>
        TryParseLong(text.Trim(" \t\n"u8), out value);

    /// <summary>Parses a kernel CPU list ("0-3,8,10-11"); empty text gives an empty list.</summary>
    public static List<int> ParseCpuList(ReadOnlySpan<byte> text)
    {
        var cpus = new List<int>();
        text = text.Trim(" \t\n"u8);
        foreach (var range in text.Split((byte)','))
        {
            var part = text[range];
            if (part.IsEmpty) continue;
            var dash = part.IndexOf((byte)'-');
            if (dash < 0)
            {
                if (TryParseLong(part, out var single)) cpus.Add((int)single);
                continue;
            }
            if (TryParseLong(part[..dash], out var first) && TryParseLong(part[(dash + 1)..], out var last))
                for (var c = first; c <= last; c++) cpus.Add((int)c);
        }
        return cpus;
    }
}
