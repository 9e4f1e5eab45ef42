using System.Buffers.Text;

namespace Wca.Discovery.Kubernetes;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>1.5</c>, <c>128974848</c>, <c>129e6</c>, <c>129M</c>, <c>123Mi</c>,
/// <c>1Gi</c>) as a plain number: a signed decimal, then a binary suffix (<c>Ki Mi Gi Ti Pi Ei</c>), a decimal suffix
/// (<c>n u m k M G T P E</c>) or an exponent (<c>e3</c>, <c>E-2</c>), as the apimachinery grammar says. The same
/// grammar holds for every resource name, extended ones (<c>nvidia.com/gpu</c>, <c>hugepages-2Mi</c>) included.
/// </summary>
internal static class KubernetesQuantity
{
    /// <summary>Parses UTF-8 text; false for anything outside the grammar.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var end = NumberLength(text);
        if (end == 0 || !Utf8Parser.TryParse(text[..end], out double number, out var used) || used != end) return false;
        var suffix = text[end..];
        double multiplier;
        if (suffix.IsEmpty) multiplier = 1;
        else if (suffix.Length == 2 && suffix[1] == (byte)'i')
        {
            multiplier = suffix[0] switch
            {
                (byte)'K' => 1024d,
                (byte)'M' => 1024d * 1024,
                (byte)'G' => 1024d * 1024 * 1024,
                (byte)'T' => 1024d * 1024 * 1024 * 1024,
                (byte)'P' => 1024d * 1024 * 1024 * 1024 * 1024,
                (byte)'E' => 1024d * 1024 * 1024 * 1024 * 1024 * 1024,
                _ => double.NaN,
            };
        }
        else if (suffix.Length == 1)
        {
            multiplier = suffix[0] switch
            {
                (byte)'n' => 1e-9,
                (byte)'u' => 1e-6,
                (byte)'m' => 1e-3,
                (byte)'k' => 1e3,
                (byte)'M' => 1e6,
                (byte)'G' => 1e9,
                (byte)'T' => 1e12,
                (byte)'P' => 1e15,
                (byte)'E' => 1e18,
                _ => double.NaN,
            };
        }
        else if (suffix[0] is (byte)'e' or (byte)'E' && IsExponent(suffix[1..]))
        {
            // Utf8Parser reads the whole "129e6" itself.
            if (!Utf8Parser.TryParse(text, out number, out used) || used != text.Length) return false;
            multiplier = 1;
        }
        else return false;
        if (double.IsNaN(multiplier)) return false;
        value = number * multiplier;
        return double.IsFinite(value);
    }

    public static bool TryParse(string text, out double value) =>
        TryParse(System.Text.Encoding.UTF8.GetBytes(text), out value);

    /// <summary>Length of the leading <c>[+-]digits[.digits]</c>, or 0 when there is none.</summary>
    private static int NumberLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-') i++;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) { i++; digits++; }
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit((char)text[i])) { i++; digits++; }
        }
        return digits == 0 ? 0 : i;
    }

    private static bool IsExponent(ReadOnlySpan<byte> rest)
    {
        if (!rest.IsEmpty && rest[0] is (byte)'+' or (byte)'-') rest = rest[1..];
        if (rest.IsEmpty) return false;
        foreach (var b in rest)
            if (!char.IsAsciiDigit((char)b)) return false;
        return true;
    }
}
