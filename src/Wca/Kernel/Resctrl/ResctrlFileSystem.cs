using System.Runtime.InteropServices;

namespace Wca.Kernel.Resctrl;

/// <summary>The real resctrl filesystem: each operation is the one system call (plus open and close) it names.</summary>
internal sealed partial class ResctrlFileSystem : IResctrlFileSystem
{
    public static readonly ResctrlFileSystem Instance = new();

    private ResctrlFileSystem()
    {
    }

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RmdirNative(string path);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public int Read(string path, Span<byte> buffer)
    {
        var fd = Posix.Open(path, Posix.ReadOnly);
        if (fd < 0) return fd;
        try
        {
            return PositionalRead.FromStart(fd, buffer);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    public int Write(string path, ReadOnlySpan<byte> bytes)
    {
        // Moving another user's task needs euid 0 (the kernel's task write permission check), not only capabilities.
        if (path.EndsWith("/tasks", StringComparison.Ordinal))
        {
            var copy = bytes.ToArray();
            return EffectiveRoot.Run((path, copy), static s => WriteOnce(s.path, s.copy));
        }
        return WriteOnce(path, bytes);
    }

    private static int WriteOnce(string path, ReadOnlySpan<byte> bytes)
    {
        var fd = Posix.Open(path, Posix.WriteOnly);
        if (fd < 0) return fd;
        try
        {
            var n = Posix.Write(fd, bytes);
            return n < 0 ? n : 0;
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    public int MakeDirectory(string path) => MkdirNative(path, 0x1ED /* 0755 */) == 0 ? 0 : -Math.Max(Marshal.GetLastPInvokeError(), 1);

    public int RemoveDirectory(string path) =>
        EffectiveRoot.Run(path, static p => RmdirNative(p) == 0 ? 0 : -Math.Max(Marshal.GetLastPInvokeError(), 1));

    public string[]? ListDirectories(string path)
    {
        try
        {
            var dirs = Directory.GetDirectories(path);
            for (var i = 0; i < dirs.Length; i++) dirs[i] = Path.GetFileName(dirs[i]);
            return dirs;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
