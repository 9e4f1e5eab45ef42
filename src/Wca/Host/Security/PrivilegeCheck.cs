namespace Wca.Host.Security;

/// <summary>
/// The start-up privilege rule. Root may run only with <c>--root</c>. Anyone else needs only what the configuration
/// needs (<see cref="PrivilegeNeeds"/>): perf events need kernel.perf_event_paranoid &lt;= 0 or CAP_PERFMON (CAP_SYS_ADMIN
/// also does, as in the kernel); cgroup writes need CAP_DAC_OVERRIDE; resctrl needs CAP_DAC_OVERRIDE and CAP_SETUID;
/// working set size needs CAP_SYS_PTRACE to read other users' smaps and CAP_DAC_OVERRIDE to write their clear_refs.
/// A measurement-only configuration needs nothing: cgroup and /proc files are world-readable.
/// </summary>
public static class PrivilegeCheck
{
    public const string RootMessage =
        "Do not run wca with root privileges: grant it the capabilities its configuration needs instead. "
        + "If the root account has to be used, pass --root (or -0).";

    private const string PerfmonName = "CAP_PERFMON";

    /// <summary>Every single need, in the order the message names them.</summary>
    public static IReadOnlyList<PrivilegeNeeds> SingleNeeds { get; } =
        [PrivilegeNeeds.PerfEvents, PrivilegeNeeds.CgroupWrites, PrivilegeNeeds.Resctrl, PrivilegeNeeds.ProcessMemoryReads, PrivilegeNeeds.ReferencedBitsResets];

    /// <summary>The verdict and, unless sufficient, one message saying what is missing, what needs it and how to grant it.</summary>
    /// <param name="needs">What the configuration needs; <see cref="PrivilegeNeeds.None"/> checks only the root rule.</param>
    /// <param name="executable">Path of the agent binary, used in the setcap hints.</param>
    /// <param name="causes">For each single need, the settings that ask for it (e.g. "event_names: instructions, cycles");
    /// a need without one is said without.</param>
    public static (PrivilegeVerdict Verdict, string? Message) Evaluate(PrivilegeFacts facts, PrivilegeNeeds needs, bool allowRoot,
        string executable, IReadOnlyDictionary<PrivilegeNeeds, string>? causes = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.EffectiveUid == 0)
            return allowRoot ? (PrivilegeVerdict.Sufficient, null) : (PrivilegeVerdict.RootNotAllowed, RootMessage);

        var caps = facts.EffectiveCapabilities;
        var problems = new List<string>();
        var perfMissing = needs.HasFlag(PrivilegeNeeds.PerfEvents) && facts.PerfEventParanoid is not <= 0
            && !ProcessCredentials.Has(caps, LinuxCapability.Perfmon) && !ProcessCredentials.Has(caps, LinuxCapability.SysAdmin);
        if (perfMissing)
        {
            var now = facts.PerfEventParanoid is { } paranoid ? $"now {paranoid}" : "/proc/sys/kernel/perf_event_paranoid cannot be read";
            problems.Add($"{Describe(PrivilegeNeeds.PerfEvents, causes)} need kernel.perf_event_paranoid <= 0 ({now}) or {PerfmonName}: "
                + $"run `sysctl -w kernel.perf_event_paranoid=0` or `setcap cap_perfmon+ep {executable}`");
        }

        // Capabilities in linux/capability.h order, so the setcap hint is the same whatever needs them.
        var missingCaps = new SortedSet<LinuxCapability>();
        foreach (var (need, verb) in new[]
        {
            (PrivilegeNeeds.CgroupWrites, "need"), (PrivilegeNeeds.Resctrl, "needs"),
            (PrivilegeNeeds.ProcessMemoryReads, "need"), (PrivilegeNeeds.ReferencedBitsResets, "need"),
        })
        {
            if (!needs.HasFlag(need)) continue;
            var lacking = CapabilitiesFor(need).Where(c => !ProcessCredentials.Has(caps, c)).ToArray();
            if (lacking.Length == 0) continue;
            missingCaps.UnionWith(lacking);
            problems.Add($"{Describe(need, causes)} {verb} {string.Join(", ", lacking.Select(CapabilityName))}");
        }
        if (missingCaps.Count > 0)
        {
            var setcap = string.Join(",", missingCaps.Select(c => CapabilityName(c).ToLowerInvariant()));
            // setcap replaces a file's whole set: two commands from this message would undo each other.
            var withPerfmon = perfMissing
                ? " (setcap replaces the file's capabilities: to grant CAP_PERFMON that way too, list cap_perfmon in the same command)"
                : "";
            problems[^1] += $": grant {(missingCaps.Count == 1 ? "it" : "them")} with `setcap {setcap}+ep {executable}` "
                + $"or AmbientCapabilities={string.Join(' ', missingCaps.Select(CapabilityName))} in the systemd unit{withPerfmon}";
        }

        if (problems.Count == 0) return (PrivilegeVerdict.Sufficient, null);
        return (PrivilegeVerdict.Insufficient,
            $"Insufficient privileges for uid {facts.EffectiveUid}: {string.Join("; ", problems)}. Alternatively run as root with --root.");
    }

    private static LinuxCapability[] CapabilitiesFor(PrivilegeNeeds need) => need switch
    {
        PrivilegeNeeds.CgroupWrites => [LinuxCapability.DacOverride],
        PrivilegeNeeds.Resctrl => [LinuxCapability.DacOverride, LinuxCapability.Setuid],
        PrivilegeNeeds.ProcessMemoryReads => [LinuxCapability.SysPtrace],
        PrivilegeNeeds.ReferencedBitsResets => [LinuxCapability.DacOverride],
        _ => [],
    };

    private static string CapabilityName(LinuxCapability capability) => capability switch
    {
        LinuxCapability.DacOverride => "CAP_DAC_OVERRIDE",
        LinuxCapability.Setuid => "CAP_SETUID",
        LinuxCapability.SysPtrace => "CAP_SYS_PTRACE",
        LinuxCapability.SysAdmin => "CAP_SYS_ADMIN",
        LinuxCapability.Perfmon => PerfmonName,
        _ => "CAP_" + (int)capability,
    };

    private static string Describe(PrivilegeNeeds need, IReadOnlyDictionary<PrivilegeNeeds, string>? causes)
    {
        var what = need switch
        {
            PrivilegeNeeds.PerfEvents => "perf events",
            PrivilegeNeeds.CgroupWrites => "cgroup writes",
            PrivilegeNeeds.ProcessMemoryReads => "smaps reads of other users' processes",
            PrivilegeNeeds.ReferencedBitsResets => "clear_refs writes",
            _ => "resctrl",
        };
        return causes is not null && causes.TryGetValue(need, out var cause) && cause.Length > 0 ? $"{what} ({cause})" : what;
    }
}
