using System.Globalization;

namespace Wca.Api;

/// <summary>
/// Sample values as the mid-2019 original wrote them (Python's <c>repr</c> of a float): the shortest round-trip digits,
/// fixed notation with at least one fractional digit when the decimal exponent is in [-4, 16) (<c>12.0</c>,
/// <c>0.261</c>), otherwise scientific with a signed, at least two-digit exponent (<c>1e-05</c>, <c>1e+16</c>);
/// <c>inf</c>, <c>-inf</c>, <c>nan</c>. The workload wrapper's dialect of <see cref="PrometheusTextWriter"/>.
/// </summary>
internal static class PythonFloatText
{
    /// <summary>Writes <paramref name="value"/>; an integral <paramref name="asInteger"/> value is written as a Python int (<c>173</c>).</summary>
    public static int Format(double value, bool asInteger, Span<byte> destination)
    {
        if (double.IsNaN(value)) return Copy("nan"u8, destination);
        if (double.IsPositiveInfinity(value)) return Copy("inf"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-inf"u8, destination);
        int n;
        if (asInteger && value == Math.Floor(value) && value >= -9223372036854775808.0 && value < 9223372036854775808.0)
        {
            ((long)value).TryFormat(destination, out n, default, CultureInfo.InvariantCulture);
            return n;
        }
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out n, "R", CultureInfo.InvariantCulture);
        ReadOnlySpan<char> r = text[..n];
        var p = 0;
        if (r[0] == '-') destination[p++] = (byte)'-';
        r = r.TrimStart('-');
        var e = r.IndexOfAny('E', 'e');
        var exponent = e >= 0 ? int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = e >= 0 ? r[..e] : r;
        var dot = mantissa.IndexOf('.');
        // All digits of the mantissa, and where the decimal point falls among them.
        Span<char> digits = stackalloc char[mantissa.Length];
        var count = 0;
        foreach (var c in mantissa) if (c != '.') digits[count++] = c;
        var point = (dot >= 0 ? dot : mantissa.Length) + exponent;
        var lead = 0;
        while (lead < count - 1 && digits[lead] == '0') { lead++; point--; }
        var d = digits[lead..count].TrimEnd('0');
        if (d.IsEmpty) return p + Copy("0.0"u8, destination[p..]);
        var decimalExponent = point - 1;
        if (decimalExponent is >= -4 and < 16)
        {
            if (point <= 0)
            {
                p += Copy("0."u8, destination[p..]);
                for (var i = 0; i < -point; i++) destination[p++] = (byte)'0';
                foreach (var c in d) destination[p++] = (byte)c;
            }
            else if (point >= d.Length)
            {
                foreach (var c in d) destination[p++] = (byte)c;
                for (var i = d.Length; i < point; i++) destination[p++] = (byte)'0';
                p += Copy(".0"u8, destination[p..]);
            }
            else
            {
                for (var i = 0; i < d.Length; i++)
                {
                    if (i == point) destination[p++] = (byte)'.';
                    destination[p++] = (byte)d[i];
                }
            }
            return p;
        }
        destination[p++] = (byte)d[0];
        if (d.Length > 1)
        {
            destination[p++] = (byte)'.';
            foreach (var c in d[1..]) destination[p++] = (byte)c;
        }
        destination[p++] = (byte)'e';
        destination[p++] = decimalExponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(decimalExponent);
        if (magnitude < 10) destination[p++] = (byte)'0';
        magnitude.TryFormat(destination[p..], out n, default, CultureInfo.InvariantCulture);
        return p + n;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
