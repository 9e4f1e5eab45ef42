namespace Wca.Host.Security;

/// <summary>
/// What a configuration asks of the host beyond reading cgroups and /proc (which are world-readable): each need is
/// checked at start-up against the agent's credentials, so a non-root agent is granted only what it uses.
/// </summary>
[Flags]
public enum PrivilegeNeeds
{
    /// <summary>Measurement only: no privilege beyond an ordinary user's.</summary>
    None = 0,

    /// <summary>perf_event_open on other users' tasks: kernel.perf_event_paranoid &lt;= 0, or CAP_PERFMON (or CAP_SYS_ADMIN).</summary>
    PerfEvents = 1,

    /// <summary>Writing root-owned cgroup files (allocations): CAP_DAC_OVERRIDE.</summary>
    CgroupWrites = 2,

    /// <summary>Creating resctrl groups and moving tasks into them: CAP_DAC_OVERRIDE and CAP_SETUID (effective root around task moves).</summary>
    Resctrl = 4,
}
