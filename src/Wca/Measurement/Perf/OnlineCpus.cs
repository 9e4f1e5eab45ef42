using System.Globalization;

namespace Wca.Measurement.Perf;

/// <summary>The kernel's CPU list format (<c>/sys/devices/system/cpu/online</c>: "0-3,6,10-12").</summary>
internal static class OnlineCpus
{
    /// <summary>The CPUs of <paramref name="text"/>, ascending; throws FormatException on anything else.</summary>
    public static int[] Parse(string text)
    {
        var cpus = new SortedSet<int>();
        foreach (var raw in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = raw.IndexOf('-');
            if (dash < 0)
            {
                cpus.Add(int.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture));
                continue;
            }
            var first = int.Parse(raw.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture);
            var last = int.Parse(raw.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            if (last < first) throw new FormatException($"'{raw}' is not a CPU range");
            for (var cpu = first; cpu <= last; cpu++) cpus.Add(cpu);
        }
        return [.. cpus];
    }

    /// <summary>Reads <paramref name="path"/>; null when it cannot be read or parsed.</summary>
    public static int[]? Read(string path)
    {
        try
        {
            var cpus = Parse(File.ReadAllText(path));
            return cpus.Length > 0 ? cpus : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
