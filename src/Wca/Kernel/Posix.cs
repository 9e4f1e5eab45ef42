using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>
/// open(2), write(2) and close(2) on raw descriptors, answering -errno instead of throwing: a cgroup that vanishes
/// between a check and an open is routine for the agent, not an exception.
/// </summary>
internal static partial class Posix
{
    // O_RDONLY | O_CLOEXEC and O_WRONLY | O_CLOEXEC on x86-64 and arm64.
    public const int ReadOnly = 0x80000;
    public const int WriteOnly = 0x80001;
    // O_WRONLY | O_TRUNC | O_CLOEXEC: cgroupfs ignores the truncation, a plain file (a test's stand-in tree) needs it.
    public const int WriteOnlyTruncate = 0x80201;

    public const int Enoent = 2;
    public const int Eintr = 4;
    public const int Ebadf = 9;
    public const int Esrch = 3;
    public const int Eacces = 13;
    public const int Eperm = 1;
    public const int Ebusy = 16;
    public const int Enodev = 19;
    public const int Einval = 22;
    public const int Erange = 34;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true)]
    private static unsafe partial int FaccessatNative(int dirFd, byte* name, int mode, int flags);

    /// <summary>The new descriptor, or -errno.</summary>
    public static int Open(string path, int flags)
    {
        while (true)
        {
            var fd = OpenNative(path, flags);
            if (fd >= 0) return fd;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != 4) return -Math.Max(errno, 1); // retried on EINTR only
        }
    }

    /// <summary>One write(2) of <paramref name="bytes"/> (a cgroup file takes a value in one write): bytes written, or -errno.</summary>
    public static unsafe int Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            while (true)
            {
                var n = WriteNative(fd, p, bytes.Length);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != 4) return -Math.Max(errno, 1);
            }
        }
    }

    public static void Close(int fd) => CloseNative(fd);

    /// <summary>
    /// Whether <paramref name="name"/> (NUL-terminated, e.g. <c>"cgroup.procs\0"u8</c>) exists in the directory open as
    /// <paramref name="dirFd"/>: 0, or -errno. One path component looked up from a kept descriptor, not a whole path:
    /// in a removed cgroup directory (also one recreated under the same path) every entry is gone (ENOENT).
    /// </summary>
    public static unsafe int ExistsAt(int dirFd, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[^1] != 0) throw new ArgumentException("the name must end with a NUL byte", nameof(name));
        fixed (byte* p = name)
        {
            while (true)
            {
                // F_OK with AT_EACCESS: checked with the effective credentials as they are, without the temporary copy of
                // the credentials a real-uid check makes in the kernel.
                if (FaccessatNative(dirFd, p, 0 /* F_OK */, 0x200 /* AT_EACCESS */) == 0) return 0;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != 4) return -Math.Max(errno, 1);
            }
        }
    }
}
