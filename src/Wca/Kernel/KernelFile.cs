using Microsoft.Win32.SafeHandles;

namespace Wca.Kernel;

/// <summary>
/// A /proc, /sys or cgroup file kept open and re-read with pread at offset 0 (the kernel regenerates the text on
/// every read at offset 0) into a reused buffer that grows to the largest content seen: no open, close or
/// allocation per read. One thread reads and disposes a file. A file read for each of thousands of tasks (a
/// cgroup file) reads into one buffer per thread instead: it stays in the CPU cache, and a node does not keep a
/// buffer per file. Parsers of such files derive from this class, so reading one costs no extra object hop.
/// </summary>
internal class KernelFile : IDisposable
{
    [ThreadStatic] private static byte[]? t_shared;

    // Content bigger than this is not a kernel attribute file: stop growing rather than exhaust memory.
    private const int MaxSize = 64 << 20;

    private SafeFileHandle? _handle;
    // The handle's descriptor, read without the handle's bookkeeping (see PositionalRead); negative = -errno of the open.
    private int _fd;
    // Null: the thread's shared buffer.
    private byte[]? _buffer;

    private KernelFile(string path, int fd, int initialSize)
    {
        Path = path;
        _buffer = new byte[Math.Max(initialSize, 16)];
        Adopt(fd);
    }

    /// <summary>A file opened by the caller (<paramref name="fd"/> from <see cref="Posix.Open"/>), read into the thread's shared buffer.</summary>
    protected KernelFile(string path, int fd)
    {
        Path = path;
        Adopt(fd);
    }

    public string Path { get; }

    /// <summary>Whether the last open succeeded.</summary>
    public bool IsOpen => _fd >= 0;

    /// <summary>Opens <paramref name="path"/>, or returns null when it does not exist or cannot be opened.</summary>
    public static KernelFile? TryOpen(string path, int initialSize = 4096) => TryOpen(path, initialSize, out _);

    /// <inheritdoc cref="TryOpen(string, int)"/>
    /// <param name="errno">Why the open failed (0 on success).</param>
    public static KernelFile? TryOpen(string path, int initialSize, out int errno)
    {
        var fd = Posix.Open(path, Posix.ReadOnly);
        errno = fd < 0 ? -fd : 0;
        return fd < 0 ? null : new KernelFile(path, fd, initialSize);
    }

    /// <summary>
    /// Reads the whole current content into <paramref name="content"/> (valid until the next read): its length,
    /// or -errno (a removed cgroup's file answers -ENODEV; a failed reopen answers its open error).
    /// </summary>
    public int Read(out ReadOnlySpan<byte> content)
    {
        content = default;
        if (_fd < 0) return _fd;
        var buffer = _buffer ?? (t_shared ??= new byte[16 * 1024]);
        while (true)
        {
            var n = PositionalRead.FromStart(_fd, buffer);
            if (n < 0) return n;
            if (n < buffer.Length || buffer.Length >= MaxSize)
            {
                content = buffer.AsSpan(0, n);
                return n;
            }
            // Filled the buffer: the content may be longer. Read it again whole into a bigger one.
            buffer = new byte[buffer.Length * 2];
            if (_buffer is null) t_shared = buffer;
            else _buffer = buffer;
        }
    }

    /// <summary>The whole current content; empty when it cannot be read.</summary>
    public ReadOnlySpan<byte> Read()
    {
        Read(out var content);
        return content;
    }

    /// <summary>Closes the descriptor and opens the path again (a cgroup removed and created anew): 0, or -errno of the open.</summary>
    public int Reopen()
    {
        Close();
        var fd = Posix.Open(Path, Posix.ReadOnly);
        Adopt(fd);
        return fd < 0 ? fd : 0;
    }

    private void Adopt(int fd)
    {
        _fd = fd;
        _handle = fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null;
    }

    private void Close()
    {
        _fd = -Posix.Ebadf;
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }
}
