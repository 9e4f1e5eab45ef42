using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>getrusage(2): the peak resident set of this process and of its reaped children.</summary>
internal static partial class ResourceUsage
{
    private const int Self = 0, Children = -1;

    // struct rusage on 64-bit Linux (x86-64 and arm64): two timevals, then fourteen longs; ru_maxrss is in kB.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResidentKilobytes, SharedText, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps;
        public long BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    /// <summary>Peak RSS of this process plus the largest peak RSS of its reaped children, in bytes (0 where unknown).</summary>
    public static long PeakResidentBytesWithChildren() => PeakResidentBytes(children: false) + PeakResidentBytes(children: true);

    /// <summary>ru_maxrss in bytes of this process (RUSAGE_SELF) or of its largest reaped child (RUSAGE_CHILDREN); 0 where unknown.</summary>
    public static long PeakResidentBytes(bool children) =>
        GetRUsage(children ? Children : Self, out var usage) == 0 ? usage.MaxResidentKilobytes * 1024 : 0;
}
