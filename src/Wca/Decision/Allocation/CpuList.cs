using System.Globalization;
using System.Text;

namespace Wca.Decision.Allocation;

/// <summary>The kernel's list format of CPUs and NUMA nodes ("0-3,8"): parsed into a sorted set, written back compact.</summary>
internal static class CpuList
{
    /// <summary>Parses <paramref name="text"/>; null with the reason when it is not a list (an empty list is one).</summary>
    public static SortedSet<int>? Parse(string text, out string? error)
    {
        var ids = new SortedSet<int>();
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return ids;
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            var dash = item.IndexOf('-');
            if (dash < 0)
            {
                if (!TryId(item, out var id)) return Fail(item, out error);
                ids.Add(id);
                continue;
            }
            if (!TryId(item[..dash], out var first) || !TryId(item[(dash + 1)..], out var last)) return Fail(item, out error);
            if (last < first)
            {
                error = $"'{item}' is a descending range";
                return null;
            }
            if (last - first > 65536)
            {
                error = $"'{item}' spans more than 65536 ids";
                return null;
            }
            for (var i = first; i <= last; i++) ids.Add(i);
        }
        return ids;
    }

    /// <summary>The compact form of a set, as the kernel prints cpuset.cpus ("0-3,8", "0-1").</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        int? start = null, previous = null;
        foreach (var id in ids)
        {
            if (previous is { } p && id == p + 1)
            {
                previous = id;
                continue;
            }
            Append(text, start, previous);
            start = previous = id;
        }
        Append(text, start, previous);
        return text.ToString();
    }

    private static void Append(StringBuilder text, int? start, int? end)
    {
        if (start is not { } s || end is not { } e) return;
        if (text.Length > 0) text.Append(',');
        text.Append(s.ToString(CultureInfo.InvariantCulture));
        if (e != s) text.Append('-').Append(e.ToString(CultureInfo.InvariantCulture));
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static SortedSet<int>? Fail(string item, out string error)
    {
        error = $"'{item}' is neither a number nor a range like 0-3";
        return null;
    }
}
