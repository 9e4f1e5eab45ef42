using Wca.Kernel;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>What perf_event_open's errno means for an uncore PMU, said so that the reader knows what to do.</summary>
internal static class UncoreErrno
{
    public const int Eperm = 1, Enoent = 2, Ebusy = 16, Enodev = 19, Einval = 22, Enfile = 23, Emfile = 24, Eacces = 13, Eopnotsupp = 95;

    /// <summary>A failure that is not about the event (privileges, descriptors): the same for every group, reported once.</summary>
    public static bool IsGlobal(int errno) => errno is Eperm or Eacces or Emfile or Enfile;

    public static string Meaning(int errno, UncorePmu pmu, int cpu) => errno switch
    {
        Enoent => $"ENOENT: the kernel has no PMU of type {pmu.Type} (the PMU is gone, or the sys root's event_source tree is not this kernel's)",
        Einval => "EINVAL: the PMU refuses this config (an event code this CPU model does not have, or bits outside its format)",
        Eacces or Eperm => $"{(errno == Eacces ? "EACCES" : "EPERM")}: uncore counters are system-wide: they need CAP_PERFMON (or CAP_SYS_ADMIN) or kernel.perf_event_paranoid at most 0",
        Emfile => "EMFILE: this process may not open more descriptors (raise LimitNOFILE of the agent's unit)",
        Enfile => "ENFILE: the system's file table is full",
        Ebusy => "EBUSY: another user holds the PMU's counters",
        Enodev => $"ENODEV: CPU {cpu} is offline or has no such PMU",
        Eopnotsupp => "EOPNOTSUPP: the PMU does not support this kind of event",
        _ => $"errno {errno} ({Errno.Describe(errno)})",
    };
}
