using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wca.Storage;

/// <summary>
/// Device and inode of a file: whether a path still names an open file (log rotation renames or deletes the file
/// and creates a new one at the path). Read with statx(2), whose buffer has one layout on every architecture.
/// </summary>
internal readonly partial record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatX(int directory, string path, int flags, uint mask, byte* buffer);

    /// <summary>The file <paramref name="path"/> names now (symbolic links followed); null when it names nothing.</summary>
    public static FileIdentity? OfPath(string path) => Read(AtCurrentDirectory, path, 0);

    /// <summary>The file an open handle refers to (it may have been renamed or deleted since).</summary>
    public static FileIdentity OfHandle(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return Read((int)handle.DangerousGetHandle(), "", AtEmptyPath)
                ?? throw new IOException($"statx of an open file failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static unsafe FileIdentity? Read(int directory, string path, int flags)
    {
        var buffer = stackalloc byte[StatxSize];
        if (StatX(directory, path, flags, StatxIno, buffer) != 0) return null;
        // struct statx: stx_ino at 32, stx_dev_major at 136, stx_dev_minor at 140.
        return new FileIdentity(*(uint*)(buffer + 136), *(uint*)(buffer + 140), *(ulong*)(buffer + 32));
    }
}
