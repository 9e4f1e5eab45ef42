using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>
/// pread(2) on a raw descriptor, for files read every iteration for each of thousands of tasks: it skips the
/// SafeHandle reference counting and argument checks of <see cref="RandomAccess"/>. The caller keeps the
/// descriptor's SafeFileHandle alive and reads and closes it on one thread.
/// </summary>
internal static partial class PositionalRead
{
    private const int Eintr = 4;

    // pread64 takes a 64-bit offset on every glibc and musl target (plain pread does not on 32-bit ones).
    [LibraryImport("libc", EntryPoint = "pread64")]
    private static unsafe partial nint PRead(int fd, byte* buffer, nint count, long offset);

    /// <summary>Reads from offset 0 into <paramref name="buffer"/>: the byte count, or -errno.</summary>
    public static unsafe int FromStart(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = PRead(fd, p, buffer.Length, 0);
                if (n >= 0) return (int)n;
                // errno straight after the call (no SetLastError stub): only failures read it.
                var errno = Marshal.GetLastSystemError();
                if (errno != Eintr) return -Math.Max(errno, 1);
            }
        }
    }
}
