namespace Wca.Discovery;

/// <summary>Shell-style matching of one path segment: <c>*</c> any run, <c>?</c> one character, <c>[a-z]</c>, <c>[!0-9]</c>.</summary>
internal static class GlobSegment
{
    /// <summary>Why <paramref name="segment"/> cannot be a pattern (an unclosed or empty set, a reversed range), or null.</summary>
    public static string? Problem(string segment)
    {
        for (var p = 0; p < segment.Length; p++)
        {
            if (segment[p] != '[') continue;
            var close = p + 2 < segment.Length ? segment.IndexOf(']', p + 2) : -1;
            if (close < 0) return $"'{segment}' has a '[' without its ']' (write [[] for a literal '[')";
            var set = segment.AsSpan(p + 1, close - p - 1);
            if (set.Length > 1 && set[0] is '!' or '^') set = set[1..];
            for (var i = 0; i + 2 < set.Length; i++)
                if (set[i + 1] == '-' && set[i] > set[i + 2]) return $"'{segment}' has the range {set[i]}-{set[i + 2]}, which matches nothing";
            p = close;
        }
        return null;
    }

    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // Iterative wildcard matching with one backtrack point (the last '*').
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { starP = p++; starN = n; continue; }
            if (p < pattern.Length && MatchOne(pattern, ref p, name[n])) { n++; continue; }
            if (starP < 0) return false;
            p = starP + 1;
            n = ++starN;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>Whether the single-character element at <paramref name="p"/> matches <paramref name="c"/>; advances past it when it does.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        switch (pattern[p])
        {
            case '?':
                p++;
                return true;
            case '[':
                // The set ends at the first ']' after its first character, so "[]a]" holds ']' and 'a' as in the shell.
                var close = p + 2 < pattern.Length ? pattern[(p + 2)..].IndexOf(']') : -1;
                if (close < 0) goto default; // an unclosed '[' is a literal
                close += p + 2;
                var set = pattern[(p + 1)..close];
                var negate = set.Length > 1 && (set[0] == '!' || set[0] == '^');
                if (negate) set = set[1..];
                var hit = false;
                for (var i = 0; i < set.Length && !hit; i++)
                {
                    if (i + 2 < set.Length && set[i + 1] == '-') { hit = c >= set[i] && c <= set[i + 2]; i += 2; }
                    else hit = c == set[i];
                }
                if (hit == negate) return false;
                p = close + 1;
                return true;
            default:
                if (pattern[p] != c) return false;
                p++;
                return true;
        }
    }
}
