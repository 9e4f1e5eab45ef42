namespace Wca.Kernel.Perf;

/// <summary>The bit-field word of perf_event_attr at offset 40 (bit numbers from the kernel header).</summary>
[Flags]
internal enum PerfAttrFlags : ulong
{
    None = 0,
    Disabled = 1UL << 0,
    Inherit = 1UL << 1,
    Pinned = 1UL << 2,
    Exclusive = 1UL << 3,
    ExcludeUser = 1UL << 4,
    ExcludeKernel = 1UL << 5,
    ExcludeHv = 1UL << 6,
    ExcludeIdle = 1UL << 7,
    ExcludeHost = 1UL << 19,
    ExcludeGuest = 1UL << 20,
}
