namespace Wca.Discovery;

/// <summary>
/// A set of cgroup path patterns ("system.slice/*.service", "kubepods*/**/pod*") run as one small automaton
/// over path segments: a walk keeps a bit mask of the pattern positions reached so far, so deciding whether a
/// directory matches, or whether anything below it still can, costs no allocation. <c>**</c> matches zero or
/// more segments; other segments are shell globs (<see cref="GlobSegment"/>).
/// </summary>
internal sealed class CgroupPathPatterns
{
    private const string AnyDepth = "**";

    private readonly string[] _segments; // all patterns' segments, one after another
    private readonly ulong _accepting;   // positions just past a pattern's last segment: nothing more can be consumed there

    /// <param name="patterns">The globs.</param>
    /// <param name="key">The configuration key they come from, named by a rejection.</param>
    public CgroupPathPatterns(IEnumerable<string> patterns, string key = "patterns")
    {
        var segments = new List<string>();
        ulong start = 0, accepting = 0;
        foreach (var pattern in patterns)
        {
            var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) throw new ArgumentException($"Empty cgroup path pattern '{pattern}'", key);
            if (segments.Count + parts.Length + 1 > 64)
                throw new ArgumentException("Too many cgroup path patterns: at most 63 segments in total", key);
            foreach (var part in parts)
                if (GlobSegment.Problem(part) is { } problem) throw new ArgumentException($"the pattern '{pattern}' cannot match: {problem}", key);
            start |= 1UL << segments.Count;
            segments.AddRange(parts);
            accepting |= 1UL << segments.Count;
            segments.Add(""); // end marker
        }
        _segments = segments.ToArray();
        _accepting = accepting;
        Start = Close(start);
    }

    /// <summary>The state at the cgroup root.</summary>
    public ulong Start { get; }

    /// <summary>Whether the path walked to reach <paramref name="state"/> matches a pattern.</summary>
    public bool Matches(ulong state) => (state & _accepting) != 0;

    /// <summary>Whether a directory deeper than the one at <paramref name="state"/> can still match (else its children are not even listed).</summary>
    public bool CanDescend(ulong state) => (state & ~_accepting) != 0;

    /// <summary>The state after descending into a directory named <paramref name="name"/>; 0 = nothing below can match.</summary>
    public ulong Step(ulong state, ReadOnlySpan<char> name)
    {
        ulong next = 0;
        for (var rest = state & ~_accepting; rest != 0; rest &= rest - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(rest);
            var segment = _segments[i];
            if (segment == AnyDepth) next |= 1UL << i; // ** consumes this segment and stays
            else if (GlobSegment.IsMatch(segment, name)) next |= 1UL << (i + 1);
        }
        return Close(next);
    }

    /// <summary>Adds the positions reachable by letting a ** match nothing.</summary>
    private ulong Close(ulong state)
    {
        for (var i = 0; i < _segments.Length; i++)
            if ((state & (1UL << i)) != 0 && _segments[i] == AnyDepth) state |= 1UL << (i + 1);
        return state;
    }
}
