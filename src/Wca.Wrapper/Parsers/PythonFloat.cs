using System.Globalization;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// Number text as the original's <c>float()</c>/<c>int()</c> read it: surrounding whitespace, a sign, <c>1e5</c>,
/// <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case, single underscores between digits, any Unicode decimal digit.
/// Users' <c>--regexp</c> patterns were written against those rules.
/// </summary>
internal static class PythonFloat
{
    /// <summary>Whether <paramref name="text"/> is a Python float literal; its value in <paramref name="value"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = TrimWhitespace(text);
        value = 0;
        if (text.IsEmpty) return false;
        if (IsPlainAscii(text))
            return text.IndexOf('_') < 0
                ? TryParseAscii(text, out value)
                : TryNormalize(text, out value);
        return TryNormalize(text, out value);
    }

    /// <summary>Whether <paramref name="text"/> is a Python int literal (base 10); its value in <paramref name="value"/>.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        text = TrimWhitespace(text);
        value = 0;
        if (text.IsEmpty) return false;
        Span<char> ascii = stackalloc char[Math.Min(text.Length, 128)];
        if (text.Length > ascii.Length || !Normalize(text, ascii, out var length)) return false;
        var digits = ascii[..length];
        var start = digits.Length > 0 && (digits[0] is '+' or '-') ? 1 : 0;
        if (digits.Length == start) return false;
        foreach (var c in digits[start..]) if (c is < '0' or > '9') return false;
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryNormalize(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        Span<char> ascii = stackalloc char[Math.Min(text.Length, 256)];
        return text.Length <= ascii.Length && Normalize(text, ascii, out var length) && TryParseAscii(ascii[..length], out value);
    }

    /// <summary>Digits to ASCII, underscores dropped where Python allows them (between two digits); false on a misplaced one.</summary>
    private static bool Normalize(ReadOnlySpan<char> text, Span<char> ascii, out int length)
    {
        length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                if (i == 0 || i == text.Length - 1 || !IsDigit(text[i - 1]) || !IsDigit(text[i + 1])) return false;
                continue;
            }
            if (c > '\x7f')
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.DecimalDigitNumber) return false;
                c = (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c));
            }
            ascii[length++] = c;
        }
        return true;
    }

    private static bool IsDigit(char c) =>
        c is >= '0' and <= '9' || (c > '\x7f' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber);

    private static bool TryParseAscii(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var body = text[0] is '+' or '-' ? text[1..] : text;
        if (body.IsEmpty) return false;
        var negative = text[0] == '-';
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        // Only digits, one point and an exponent: .NET's own spellings (Infinity, ∞, NaN, whitespace inside) are not Python's.
        foreach (var c in body)
            if (c is not ((>= '0' and <= '9') or '.' or 'e' or 'E' or '+' or '-')) return false;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    private static bool IsPlainAscii(ReadOnlySpan<char> text)
    {
        foreach (var c in text) if (c > '\x7f') return false;
        return true;
    }

    /// <summary>Python's <c>str.strip()</c> whitespace: .NET's plus the four information separators (U+001C..U+001F).</summary>
    internal static bool IsWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && IsWhitespace(text[start])) start++;
        var end = text.Length;
        while (end > start && IsWhitespace(text[end - 1])) end--;
        return text[start..end];
    }
}
