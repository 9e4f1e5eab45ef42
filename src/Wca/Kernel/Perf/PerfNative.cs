using System.Runtime.InteropServices;

namespace Wca.Kernel.Perf;

/// <summary>
/// perf_event_open(2) (by syscall number: glibc has no wrapper), its ioctls and read(2) of a counter, answering
/// -errno instead of throwing.
/// </summary>
internal static partial class PerfNative
{
    /// <summary>PERF_FLAG_PID_CGROUP: pid is an open cgroup directory (per-CPU mode only).</summary>
    public const ulong FlagPidCgroup = 1UL << 2;
    /// <summary>PERF_FLAG_FD_CLOEXEC.</summary>
    public const ulong FlagFdCloexec = 1UL << 3;

    // _IO('$', n) = ('$' << 8) | n.
    public const ulong IocEnable = 0x2400;
    public const ulong IocDisable = 0x2401;
    public const ulong IocReset = 0x2403;
    /// <summary>PERF_IOC_FLAG_GROUP: the ioctl applies to the leader and all its members.</summary>
    public const ulong IocFlagGroup = 1;

    private const int Eintr = 4;

    /// <summary>__NR_perf_event_open: 298 on x86-64, 241 on arm64 (the generic table); 0 = unknown architecture.</summary>
    public static long SyscallNumber { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 298,
        Architecture.Arm64 => 241,
        _ => 0,
    };

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long Syscall5(long number, PerfEventAttr* attr, long pid, long cpu, long groupFd, ulong flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlNative(int fd, ulong request, ulong argument);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint ReadNative(int fd, void* buffer, nint count);

    /// <summary>The new event descriptor (close-on-exec), or -errno.</summary>
    public static unsafe int Open(in PerfEventAttr attr, int pid, int cpu, int groupFd, ulong flags)
    {
        if (SyscallNumber == 0) return -38; // ENOSYS: no syscall number known for this architecture
        var copy = attr;
        while (true)
        {
            var fd = Syscall5(SyscallNumber, &copy, pid, cpu, groupFd, flags | FlagFdCloexec);
            if (fd >= 0) return (int)fd;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr) return -Math.Max(errno, 1);
        }
    }

    /// <summary>ioctl(fd, request, argument): 0, or -errno.</summary>
    public static int Ioctl(int fd, ulong request, ulong argument)
    {
        var r = IoctlNative(fd, request, argument);
        return r >= 0 ? 0 : -Math.Max(Marshal.GetLastPInvokeError(), 1);
    }

    /// <summary>One read(2) of a counter into <paramref name="buffer"/>: the byte count, or -errno.</summary>
    public static unsafe int Read(int fd, Span<ulong> buffer)
    {
        fixed (ulong* p = buffer)
        {
            while (true)
            {
                var n = ReadNative(fd, p, (nint)buffer.Length * sizeof(ulong));
                if (n >= 0) return (int)n;
                // errno straight after the call (no SetLastError stub on the hot path): only failures read it.
                var errno = Marshal.GetLastSystemError();
                if (errno != Eintr) return -Math.Max(errno, 1);
            }
        }
    }
}
