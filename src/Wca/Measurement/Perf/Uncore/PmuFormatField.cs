using System.Globalization;
using System.Numerics;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// One attribute of a PMU's <c>format/</c> directory: which bits of which perf_event_attr config word a named value
/// occupies, e.g. <c>config:0-7</c> (event select) or <c>config:8-15,32-43,45-55</c> (an extended umask split over two
/// places). The kernel's ABI (Documentation/ABI/testing/sysfs-bus-event_source-devices-format) writes
/// <c>&lt;word&gt;:&lt;bit&gt;[-&lt;bit&gt;][,...]</c> with word one of config, config1, config2, config3.
/// </summary>
internal sealed class PmuFormatField
{
    /// <summary>The config words a field can live in, in perf_event_attr order.</summary>
    public static readonly string[] Words = ["config", "config1", "config2", "config3"];

    private PmuFormatField(string name, int word, ulong mask, string text)
    {
        Name = name;
        Word = word;
        Mask = mask;
        Text = text;
    }

    /// <summary>The attribute's file name (event, umask, thresh ...).</summary>
    public string Name { get; }

    /// <summary>Index into <see cref="Words"/>: 0 = config, 1 = config1 ...</summary>
    public int Word { get; }

    /// <summary>The bits of the word the field occupies.</summary>
    public ulong Mask { get; }

    /// <summary>The file's text as the kernel wrote it (for messages).</summary>
    public string Text { get; }

    /// <summary>How many value bits the field holds.</summary>
    public int Width => BitOperations.PopCount(Mask);

    /// <summary>Parses the text of <c>format/&lt;name&gt;</c>; null with <paramref name="error"/> when it is not in the ABI's form.</summary>
    public static PmuFormatField? TryParse(string name, string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':');
        var word = colon < 0 ? -1 : Array.IndexOf(Words, trimmed[..colon]);
        if (word < 0)
        {
            error = $"'{trimmed}' does not start with one of {string.Join(", ", Words)} and a colon";
            return null;
        }
        ulong mask = 0;
        foreach (var part in trimmed[(colon + 1)..].Split(','))
        {
            var dash = part.IndexOf('-');
            if (!TryBit(dash < 0 ? part : part[..dash], out var first) || !TryBit(dash < 0 ? part : part[(dash + 1)..], out var last) || last < first)
            {
                error = $"'{part}' in '{trimmed}' is not a bit (0-63) or a range of bits (low-high)";
                return null;
            }
            for (var bit = first; bit <= last; bit++) mask |= 1UL << bit;
        }
        return new PmuFormatField(name, word, mask, trimmed);
    }

    private static bool TryBit(string text, out int bit) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bit) && bit is >= 0 and < 64;

    /// <summary>
    /// Places <paramref name="value"/> into the field's bits, lowest value bit into the lowest field bit (as perf(1)
    /// does, so a value split over ranges continues in the next range); false when the value needs more bits.
    /// </summary>
    public bool TryEncode(ulong value, out ulong bits)
    {
        bits = 0;
        var remaining = value;
        var mask = Mask;
        while (mask != 0)
        {
            var lowest = mask & (~mask + 1);
            if ((remaining & 1) != 0) bits |= lowest;
            remaining >>= 1;
            mask &= mask - 1;
        }
        return remaining == 0;
    }
}
