namespace Wca.Host.Security;

/// <summary>
/// The start-up privilege rule. Root may run only with <c>--root</c>. Anyone else needs CAP_DAC_OVERRIDE and
/// CAP_SETUID in the effective set and kernel.perf_event_paranoid &lt;= 0 (perf counters of other users' tasks).
/// </summary>
public static class PrivilegeCheck
{
    public const string RootMessage =
        "Do not run wca with root privileges: grant it CAP_DAC_OVERRIDE and CAP_SETUID instead. "
        + "If the root account has to be used, pass --root (or -0).";

    /// <summary>The verdict and, unless sufficient, one message saying what is missing and how to grant it.</summary>
    /// <param name="executable">Path of the agent binary, used in the setcap hint.</param>
    public static (PrivilegeVerdict Verdict, string? Message) Evaluate(PrivilegeFacts facts, bool allowRoot, string executable)
    {
        if (facts.EffectiveUid == 0)
            return allowRoot ? (PrivilegeVerdict.Sufficient, null) : (PrivilegeVerdict.RootNotAllowed, RootMessage);

        var problems = new List<string>();
        var missing = new List<string>();
        if (!ProcessCredentials.Has(facts.EffectiveCapabilities, LinuxCapability.DacOverride)) missing.Add("dac_override");
        if (!ProcessCredentials.Has(facts.EffectiveCapabilities, LinuxCapability.Setuid)) missing.Add("setuid");
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(m => "CAP_" + m.ToUpperInvariant()));
            var setcap = string.Join(",", missing.Select(m => "cap_" + m));
            problems.Add($"missing capabilities {names} (grant them with `setcap {setcap}+ep {executable}` "
                + $"or AmbientCapabilities={string.Join(' ', missing.Select(m => "CAP_" + m.ToUpperInvariant()))} in the systemd unit)");
        }
        if (facts.PerfEventParanoid is not { } paranoid)
            problems.Add("/proc/sys/kernel/perf_event_paranoid cannot be read (it must be <= 0)");
        else if (paranoid > 0)
            problems.Add($"kernel.perf_event_paranoid is {paranoid}, it must be <= 0 (run `sysctl -w kernel.perf_event_paranoid=0`)");

        if (problems.Count == 0) return (PrivilegeVerdict.Sufficient, null);
        return (PrivilegeVerdict.Insufficient,
            $"Insufficient privileges for uid {facts.EffectiveUid}: {string.Join("; ", problems)}. Alternatively run as root with --root.");
    }
}
