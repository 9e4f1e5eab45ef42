namespace Wca.Kernel.Perf;

/// <summary>perf_event_open or a group ioctl failed: which event (its name and place in the group), on which CPU, and the errno.</summary>
internal sealed class PerfEventException(string eventName, int eventIndex, int cpu, int errno, string operation = "perf_event_open")
    : Exception($"{operation} of event {eventName} on cpu {cpu} failed: errno {errno} ({Wca.Kernel.Errno.Describe(errno)})")
{
    public string EventName { get; } = eventName;

    /// <summary>The event's index in the attrs given to <see cref="PerfEventGroup"/> (0 = the leader).</summary>
    public int EventIndex { get; } = eventIndex;

    public int Cpu { get; } = cpu;

    /// <summary>The positive errno (ENOENT 2, EPERM 1, EACCES 13, EMFILE 24, EINVAL 22, EOPNOTSUPP 95, ...).</summary>
    public int Errno { get; } = errno;
}
