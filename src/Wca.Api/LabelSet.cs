using System.Collections;

namespace Wca.Api;

/// <summary>
/// An immutable set of labels, kept sorted by key (ordinal). Share one instance between all metrics
/// with the same labels: storages cache its encoded form per instance.
/// </summary>
public sealed class LabelSet : IReadOnlyDictionary<string, string>, IEquatable<LabelSet>
{
    /// <summary>The set without labels (one shared instance).</summary>
    public static readonly LabelSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private LabelSet(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    /// <summary>Builds a set; on duplicate keys the last value wins.</summary>
    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels)
        {
            ArgumentNullException.ThrowIfNull(k);
            dict[k] = v ?? string.Empty;
        }
        return FromUnique(dict);
    }

    /// <summary>Builds a set from (key, value) pairs; on duplicate keys the last value wins.</summary>
    public static LabelSet From(params ReadOnlySpan<(string Key, string Value)> labels)
    {
        var dict = new Dictionary<string, string>(labels.Length, StringComparer.Ordinal);
        foreach (var (k, v) in labels) dict[k] = v;
        return FromUnique(dict);
    }

    private static LabelSet FromUnique(Dictionary<string, string> dict)
    {
        if (dict.Count == 0) return Empty;
        var pairs = dict.ToArray();
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(pairs);
    }

    /// <summary>This set overlaid by <paramref name="overrides"/> (its values win).</summary>
    public LabelSet Merge(LabelSet overrides)
    {
        if (overrides._pairs.Length == 0) return this;
        if (_pairs.Length == 0) return overrides;
        // Both sides are sorted by key: one linear merge, one array (tasks x series make many of these).
        var a = _pairs;
        var b = overrides._pairs;
        var merged = new KeyValuePair<string, string>[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var c = string.CompareOrdinal(a[i].Key, b[j].Key);
            if (c < 0) merged[n++] = a[i++];
            else
            {
                if (c == 0) i++;
                merged[n++] = b[j++];
            }
        }
        while (i < a.Length) merged[n++] = a[i++];
        while (j < b.Length) merged[n++] = b[j++];
        if (n < merged.Length) Array.Resize(ref merged, n);
        return new LabelSet(merged);
    }

    /// <summary>This set with one more label (replacing a same-named one).</summary>
    public LabelSet With(string key, string value) => Merge(From((key, value)));

    /// <summary>Labels sorted by key (ordinal).</summary>
    public ReadOnlySpan<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Number of labels.</summary>
    public int Count => _pairs.Length;

    /// <summary>The value of label <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <summary>Label names, sorted (ordinal).</summary>
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);
    /// <summary>Label values, in the order of their names.</summary>
    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    /// <summary>Whether the set has a label named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value of label <paramref name="key"/>; false when absent.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _pairs[i].Value : null;
        return i >= 0;
    }

    private int IndexOf(string key)
    {
        int lo = 0, hi = _pairs.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_pairs[mid].Key, key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Enumerates the labels sorted by key (ordinal).</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same keys with the same values (ordinal).</summary>
    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._pairs.Length != _pairs.Length) return false;
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i].Key, other._pairs[i].Key, StringComparison.Ordinal)
                || !string.Equals(_pairs[i].Value, other._pairs[i].Value, StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var (k, v) in _pairs) { h.Add(k, StringComparer.Ordinal); h.Add(v, StringComparer.Ordinal); }
        return h.ToHashCode();
    }

    /// <summary>The labels as <c>{key="value",...}</c> (not escaped; for diagnostics).</summary>
    public override string ToString() => "{" + string.Join(",", _pairs.Select(p => $"{p.Key}=\"{p.Value}\"")) + "}";

    /// <summary>Serializer-owned cache (encoded, escaped label block).</summary>
    internal object? EncodingCache { get; set; }
}
