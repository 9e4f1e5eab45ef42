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

    /// <summary>
    /// Reading /proc/&lt;pid&gt;/smaps of other users' processes (working set size): the kernel asks ptrace_may_access
    /// (PTRACE_MODE_READ), which another user's process grants only with CAP_SYS_PTRACE.
    /// </summary>
    ProcessMemoryReads = 8,

    /// <summary>Writing /proc/&lt;pid&gt;/clear_refs of other users' processes (0200, owned by the process's user): CAP_DAC_OVERRIDE.</summary>
    ReferencedBitsResets = 16,
}
