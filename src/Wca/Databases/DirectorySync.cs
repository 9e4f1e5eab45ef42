using System.Runtime.InteropServices;
using Wca.Api.Databases;

namespace Wca.Databases;

/// <summary>fsync(2) of a directory, which makes a rename in it durable (.NET opens no directory as a stream).</summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x80000 | 0x10000; // O_RDONLY | O_CLOEXEC | O_DIRECTORY (x86-64, arm64)

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public static void Fsync(string directory)
    {
        var fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0) throw new DatabaseUnavailableException($"LocalDatabase: cannot open directory '{directory}' (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (FsyncNative(fd) != 0)
                throw new DatabaseUnavailableException($"LocalDatabase: fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }
}
