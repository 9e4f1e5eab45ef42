namespace Wca.Kernel.Perf;

/// <summary>perf_event_attr.type: the kernel's enum perf_type_id; a dynamic PMU (uncore) has the number in its sysfs <c>type</c> file.</summary>
internal enum PerfEventType : uint
{
    Hardware = 0,
    Software = 1,
    Tracepoint = 2,
    HardwareCache = 3,
    Raw = 4,
    Breakpoint = 5,
}
