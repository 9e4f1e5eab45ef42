using System.Globalization;

namespace Wca.Host.Configuration.Yaml;

/// <summary>
/// YAML 1.2 core-schema resolution of plain scalars, as the reference's loader does: <c>yes/no/on/off</c>
/// are strings, <c>1.</c> and <c>.5</c> are floats, underscores inside numbers are accepted.
/// </summary>
internal static class CoreSchema
{
    private const string Prefix = "tag:yaml.org,2002:";

    /// <summary>Classifies <paramref name="text"/> (already env-substituted) of a scalar with <paramref name="tag"/>.</summary>
    public static ScalarKind Classify(string text, bool isPlain, string? tag)
    {
        switch (tag)
        {
            case Prefix + "str" or "!": return ScalarKind.String;
            case Prefix + "null": return ScalarKind.Null;
            case Prefix + "bool": return ScalarKind.Boolean;
            case Prefix + "int": return ScalarKind.Integer;
            case Prefix + "float": return ScalarKind.Float;
        }
        if (!isPlain) return ScalarKind.String;
        if (IsNull(text)) return ScalarKind.Null;
        if (TryBoolean(text, out _)) return ScalarKind.Boolean;
        if (TryInteger(text, out _, out var overflow) || overflow) return ScalarKind.Integer;
        if (TryFloat(text, out _)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    public static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>Decimal, 0x hex or 0o octal, optional sign, underscores between digits.</summary>
    public static bool TryInteger(string text, out long value) => TryInteger(text, out value, out _);

    /// <summary>As <see cref="TryInteger(string, out long)"/>; <paramref name="overflow"/> tells a well-formed integer too large for a long.</summary>
    public static bool TryInteger(string text, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var s = text.Contains('_') ? text.Replace("_", "", StringComparison.Ordinal) : text;
        if (s.Length == 0 || text.StartsWith('_')) return false;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;
        ulong magnitude;
        if (s.StartsWith("0x", StringComparison.Ordinal))
        {
            if (s.Length == 2) return false;
            foreach (var c in s.AsSpan(2))
                if (!char.IsAsciiHexDigit(c)) return false;
            if (!ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)) overflow = true;
        }
        else if (s.StartsWith("0o", StringComparison.Ordinal))
        {
            if (s.Length == 2) return false;
            magnitude = 0;
            foreach (var c in s.AsSpan(2))
            {
                if (c is < '0' or > '7') return false;
                if (magnitude > ulong.MaxValue >> 3) overflow = true;
                magnitude = magnitude << 3 | (uint)(c - '0');
            }
        }
        else
        {
            foreach (var c in s)
                if (c is < '0' or > '9') return false;
            if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude)) overflow = true;
        }
        if (overflow) return false;
        if (negative)
        {
            overflow = magnitude > (ulong)long.MaxValue + 1;
            if (overflow) return false;
            value = unchecked(-(long)magnitude);
        }
        else
        {
            overflow = magnitude > long.MaxValue;
            if (overflow) return false;
            value = (long)magnitude;
        }
        return true;
    }

    /// <summary>Decimal floats including <c>1.</c>, <c>.5</c>, exponents, <c>.inf</c>, <c>.nan</c>; integers too.</summary>
    public static bool TryFloat(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
        }
        if (TryInteger(text, out var integer, out var overflow))
        {
            value = integer;
            return true;
        }
        value = 0;
        if (overflow && (text.Contains("0x", StringComparison.Ordinal) || text.Contains("0o", StringComparison.Ordinal))) return false;
        var s = text.Contains('_') ? text.Replace("_", "", StringComparison.Ordinal) : text;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        return i == s.Length && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
