using System.Buffers.Text;

namespace Wca.Kernel.Cgroups;

/// <summary>Allocation-free parsing of cgroup values (lines come from <see cref="KernelText.NextLine"/>).</summary>
internal static class CgroupText
{
    private static ReadOnlySpan<byte> Max => "max"u8;

    /// <summary>Splits at the first occurrence of <paramref name="separator"/>; false when there is none.</summary>
    public static bool Split(ReadOnlySpan<byte> text, byte separator, out ReadOnlySpan<byte> left, out ReadOnlySpan<byte> right)
    {
        var i = text.IndexOf(separator);
        if (i < 0) { left = text; right = default; return false; }
        left = text[..i];
        right = text[(i + 1)..];
        return true;
    }

    /// <summary>An integer (whitespace around it allowed) or the v2 word "max" (= +Inf).</summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, out double value)
    {
        text = text.Trim(" \t\n"u8);
        if (text.SequenceEqual(Max)) { value = double.PositiveInfinity; return true; }
        if (Utf8Parser.TryParse(text, out long l, out var used) && used == text.Length) { value = l; return true; }
        if (Utf8Parser.TryParse(text, out ulong u, out used) && used == text.Length) { value = u; return true; }
        value = 0;
        return false;
    }
}
