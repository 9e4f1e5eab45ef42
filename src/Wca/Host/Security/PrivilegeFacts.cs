namespace Wca.Host.Security;

/// <summary>What the privilege check decides on.</summary>
/// <param name="EffectiveUid">geteuid().</param>
/// <param name="EffectiveCapabilities">Effective capability bit mask (capget).</param>
/// <param name="PerfEventParanoid">/proc/sys/kernel/perf_event_paranoid, or null when it cannot be read.</param>
public sealed record PrivilegeFacts(uint EffectiveUid, ulong EffectiveCapabilities, int? PerfEventParanoid)
{
    /// <summary>The facts of this process. <paramref name="procRoot"/> is <see cref="Wca.Host.HostPaths.Proc"/>.</summary>
    public static PrivilegeFacts OfThisProcess(string procRoot) =>
        new(ProcessCredentials.EffectiveUid, ProcessCredentials.EffectiveCapabilities(), ReadParanoid(Path.Combine(procRoot, "sys/kernel/perf_event_paranoid")));

    private static int? ReadParanoid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
