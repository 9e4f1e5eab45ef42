namespace Wca.Host.Security;

/// <summary>Linux capability numbers (linux/capability.h) the agent cares about.</summary>
public enum LinuxCapability
{
    /// <summary>Read and write cgroup and resctrl files owned by root.</summary>
    DacOverride = 1,

    /// <summary>Become effective root around resctrl task moves.</summary>
    Setuid = 7,

    /// <summary>Pass ptrace_may_access for other users' processes (read their /proc/&lt;pid&gt;/smaps).</summary>
    SysPtrace = 19,

    /// <summary>Before Linux 5.8 the only capability that lifts perf_event_paranoid; it still does.</summary>
    SysAdmin = 21,

    /// <summary>perf_event_open as if perf_event_paranoid were -1 (Linux 5.8+).</summary>
    Perfmon = 38,
}
