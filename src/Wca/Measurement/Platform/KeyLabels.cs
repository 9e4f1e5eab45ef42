using Wca.Api;

namespace Wca.Measurement.Platform;

/// <summary>
/// The label set of each key of a keyed kernel file (vmstat, zoneinfo): <c>base</c> + key="...", built the first
/// time a key is seen and found again by the key's bytes, so a steady state allocates nothing. A key the filter
/// rejects is remembered as rejected.
/// </summary>
internal sealed class KeyLabels(LabelSet baseLabels, Func<string, bool> selected)
{
    private readonly Dictionary<string, LabelSet?> _byKey = new(StringComparer.Ordinal);

    /// <summary>The labels of <paramref name="key"/> (ASCII), or null when the filter rejects it.</summary>
    public LabelSet? For(ReadOnlySpan<byte> key)
    {
        if (key.Length > 128) return null;
        Span<char> chars = stackalloc char[key.Length];
        for (var i = 0; i < key.Length; i++) chars[i] = (char)key[i];
        var lookup = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var labels)) return labels;
        var name = new string(chars);
        labels = selected(name) ? LabelSet.From(("key", name)).Merge(baseLabels) : null;
        _byKey[name] = labels;
        return labels;
    }
}
