using System.Collections.Concurrent;
using System.Globalization;
using Wca.Api;

namespace Wca.Measurement.Perf;

/// <summary>
/// User raw events, <c>name__rEEUU</c>, <c>name__rEEUUCC</c> or <c>name__rEEUUCC</c> + 10 hex digits of config1: the
/// metric is named by the whole entry (as the original), so its descriptor is made at run time. One descriptor per
/// name, shared by <c>event_names</c> and <c>task_metrics</c> (which selects by descriptor identity).
/// </summary>
internal static class PerfRawEvents
{
    public const string Marker = "__r";

    /// <summary>How docs/metrics.md and the catalogue write the runtime-named entry.</summary>
    public const string NamePattern = "<name>__r<EEUU[CC[config1]]>";

    private static readonly ConcurrentDictionary<string, MetricDescriptor> Descriptors = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is meant as a raw event (contains <see cref="Marker"/>).</summary>
    public static bool LooksRaw(string name) => name.Contains(Marker, StringComparison.Ordinal);

    /// <summary>Parses a raw event entry: config = EE | UU &lt;&lt; 8 | CC &lt;&lt; 24, config1 the optional 10 digits; null with the reason when it is not one.</summary>
    public static (ulong Config, ulong Config1)? TryParse(string name, out string? error)
    {
        error = null;
        var at = name.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) { error = "a raw event name contains \"__r\""; return null; }
        if (name.IndexOf(Marker, at + 1, StringComparison.Ordinal) >= 0) { error = "a raw event name contains \"__r\" once"; return null; }
        if (at == 0) { error = "a raw event needs a name before \"__r\""; return null; }
        if (!IsMetricName(name)) { error = "a raw event name is a metric name: letters, digits and '_' only, not starting with a digit"; return null; }
        var bits = name.AsSpan(at + Marker.Length);
        if (bits.Length is not (4 or 6 or 16))
        {
            error = $"the part after \"__r\" is EEUU, EEUUCC or EEUUCC plus 10 hex digits of config1 (4, 6 or 16 hex digits), not {bits.Length}";
            return null;
        }
        if (!ulong.TryParse(bits[..Math.Min(6, bits.Length)], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low)
            || (bits.Length == 16 && !ulong.TryParse(bits[6..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
        {
            error = $"'{bits}' after \"__r\" is not hexadecimal";
            return null;
        }
        var eventSelect = bits.Length >= 4 ? (low >> (4 * (Math.Min(6, bits.Length) - 2))) & 0xFF : 0;
        var umask = (low >> (4 * (Math.Min(6, bits.Length) - 4))) & 0xFF;
        var cmask = bits.Length >= 6 ? low & 0xFF : 0;
        var config1 = bits.Length == 16 ? ulong.Parse(bits[6..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) : 0;
        return (eventSelect | (umask << 8) | (cmask << 24), config1);
    }

    /// <summary>The runtime-named descriptor of a raw event entry (made once per name).</summary>
    public static MetricDescriptor Descriptor(string name) =>
        Descriptors.GetOrAdd(name, static n => new MetricDescriptor(n, MetricType.Counter, "Raw perf event defined by the user in event_names.", "numeric"));

    private static bool IsMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }
}
