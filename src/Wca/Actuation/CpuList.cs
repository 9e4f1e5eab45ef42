using System.Globalization;
using System.Text;

namespace Wca.Actuation;

/// <summary>
/// The kernel's list format of CPUs and NUMA nodes ("0-3,8"), parsed into a set and printed with ranges as the
/// kernel prints it back, so a cpuset written is compared with what the kernel holds as sets, not as text.
/// </summary>
internal static class CpuList
{
    /// <summary>The ids of <paramref name="text"/>; null when it is not a list ("a", "3-1", "-1", "0--2"). Empty text = empty set.</summary>
    public static SortedSet<int>? TryParse(string text)
    {
        var ids = new SortedSet<int>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                if (text.Trim().Length == 0) continue;
                return null;
            }
            var parts = item.Split('-');
            if (parts.Length > 2 || !TryId(parts[0], out var first)) return null;
            var last = first;
            if (parts.Length == 2 && !TryId(parts[1], out last)) return null;
            if (last < first) return null;
            for (var id = first; id <= last; id++) ids.Add(id);
        }
        return ids;
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id < 1 << 20;

    /// <summary>The kernel's text of a set: ascending ranges, e.g. {0,1,2,3,8} → "0-3,8"; empty set → "".</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        int? start = null, previous = null;
        foreach (var id in ids.Order())
        {
            if (previous == id) continue;
            if (previous is { } p && id == p + 1) { previous = id; continue; }
            Flush();
            start = previous = id;
        }
        Flush();
        return text.ToString();

        void Flush()
        {
            if (start is not { } s || previous is not { } e) return;
            if (text.Length > 0) text.Append(',');
            text.Append(s.ToString(CultureInfo.InvariantCulture));
            if (e > s) text.Append('-').Append(e.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Whether two list texts name the same ids (kernel text is lenient: it is what the kernel printed).</summary>
    /// <remarks>
    /// The kernel prints what <see cref="Format"/> writes, so equal text is the common case and parses nothing.</remarks>
    public static bool SameSet(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || Kernel.KernelText.ParseCpuList(Encoding.ASCII.GetBytes(a)).ToHashSet().SetEquals(Kernel.KernelText.ParseCpuList(Encoding.ASCII.GetBytes(b)));
}
