namespace Wca.Host.Security;

/// <summary>Linux capability numbers (linux/capability.h) the agent cares about.</summary>
public enum LinuxCapability
{
    /// <summary>Read and write cgroup and resctrl files owned by root.</summary>
    DacOverride = 1,

    /// <summary>Become effective root around resctrl task moves.</summary>
    Setuid = 7,
}
