
namespace Wca.Api;

/// <summary>
/// The natural order of label sets used for stable output: labels compare pairwise in key order,
/// keys ordinally, values numerically when both are all digits (so task="3" &lt; task="20"),
/// a number before a non-number (where the reference crashes), otherwise ordinally; a set that is a
/// prefix of another comes first.
/// </summary>
internal static class LabelOrder
{
    public static int Compare(LabelSet a, LabelSet b)
    {
        if (ReferenceEquals(a, b)) return 0;
        var x = a.Pairs;
        var y = b.Pairs;
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(x[i].Key, y[i].Key);
            if (c != 0) return c;
            c = CompareValues(x[i].Value, y[i].Value);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    public static int CompareValues(string a, string b)
    {
        var aNumber = IsDigits(a);
        var bNumber = IsDigits(b);
        if (aNumber && bNumber)
        {
            // Arbitrary length: without leading zeros, the longer number is larger.
            var ta = a.AsSpan().TrimStart('0');
            var tb = b.AsSpan().TrimStart('0');
            if (ta.Length != tb.Length) return ta.Length.CompareTo(tb.Length);
            var c = ta.SequenceCompareTo(tb);
            return c != 0 ? c : string.CompareOrdinal(a, b);
        }
        if (aNumber != bNumber) return aNumber ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }

    private static bool IsDigits(string s) => s.Length > 0 && !s.AsSpan().ContainsAnyExceptInRange('0', '9');
}
