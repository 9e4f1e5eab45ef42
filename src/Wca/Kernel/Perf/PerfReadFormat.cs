namespace Wca.Kernel.Perf;

/// <summary>perf_event_attr.read_format bits (enum perf_event_read_format).</summary>
[Flags]
internal enum PerfReadFormat : ulong
{
    None = 0,
    TotalTimeEnabled = 1,
    TotalTimeRunning = 2,
    Id = 4,
    Group = 8,
}
