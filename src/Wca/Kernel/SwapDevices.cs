namespace Wca.Kernel;

/// <summary>
/// The active swap areas (/proc/swaps: a header line, then one line per area). Read when a decision needs it
/// (migrate_pages is refused while swap is on), so a swapon after the agent started counts.
/// </summary>
internal static class SwapDevices
{
    /// <summary>The swap areas' names (first column); empty when swap is off or /proc/swaps cannot be read.</summary>
    /// <param name="procRoot">The proc root (HostPaths.Proc).</param>
    public static IReadOnlyList<string> Active(string procRoot)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(procRoot, "swaps"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return lines.Skip(1)
            .Select(line => line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 0)
            .Select(fields => fields[0])
            .ToArray();
    }
}
