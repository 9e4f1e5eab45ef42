using System.Runtime.InteropServices;

namespace Wca.Kernel.Perf;

/// <summary>
/// The kernel's <c>struct perf_event_attr</c> (include/uapi/linux/perf_event.h), laid out field by field. The size
/// handed to the kernel is <see cref="SizeVer8"/> = 136 bytes, the whole struct since Linux 6.3 added
/// <c>config3</c>: a kernel that knows less accepts the larger size because the tail is zero, a newer one treats the
/// missing tail as zero. The original declared 112 bytes while passing a 104-byte buffer (the kernel read 8 bytes
/// past it); here the struct is always the full, zeroed <see cref="SizeVer8"/> bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeVer8)]
internal struct PerfEventAttr
{
    /// <summary>PERF_ATTR_SIZE_VER8: up to and including config3.</summary>
    public const int SizeVer8 = 136;

    [FieldOffset(0)] public PerfEventType Type;
    [FieldOffset(4)] public uint Size;
    [FieldOffset(8)] public ulong Config;
    /// <summary>sample_period / sample_freq: 0 = counting, not sampling.</summary>
    [FieldOffset(16)] public ulong SamplePeriod;
    [FieldOffset(24)] public ulong SampleType;
    [FieldOffset(32)] public PerfReadFormat ReadFormat;
    /// <summary>The bit-field word (disabled, inherit, pinned, exclude_*, ...).</summary>
    [FieldOffset(40)] public PerfAttrFlags Flags;
    [FieldOffset(48)] public uint WakeupEvents;
    [FieldOffset(52)] public uint BpType;
    /// <summary>config1 / bp_addr: the extra config of offcore-response and uncore events.</summary>
    [FieldOffset(56)] public ulong Config1;
    /// <summary>config2 / bp_len.</summary>
    [FieldOffset(64)] public ulong Config2;
    [FieldOffset(72)] public ulong BranchSampleType;
    [FieldOffset(80)] public ulong SampleRegsUser;
    [FieldOffset(88)] public uint SampleStackUser;
    [FieldOffset(92)] public int ClockId;
    [FieldOffset(96)] public ulong SampleRegsIntr;
    [FieldOffset(104)] public uint AuxWatermark;
    [FieldOffset(108)] public ushort SampleMaxStack;
    [FieldOffset(112)] public uint AuxSampleSize;
    [FieldOffset(120)] public ulong SigData;
    [FieldOffset(128)] public ulong Config3;

    /// <summary>A counting event of <paramref name="type"/> and <paramref name="config"/>, every other field zero.</summary>
    public static PerfEventAttr Counting(PerfEventType type, ulong config, ulong config1 = 0) =>
        new() { Type = type, Size = SizeVer8, Config = config, Config1 = config1 };
}
