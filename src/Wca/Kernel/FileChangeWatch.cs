using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>
/// Which watched files were written since the last look, through inotify(7). Every successful write(2) to a file,
/// cgroupfs files included, raises IN_MODIFY on its inode whoever writes it, so a value the agent read stays what
/// the kernel holds until an event says otherwise. Values the kernel changes without a write (none of the cgroup
/// files the actuators read, except v1 cpusets on CPU hot-unplug) are not seen: callers re-read those otherwise.
/// Not thread-safe: one owner.
/// </summary>
internal sealed partial class FileChangeWatch : IDisposable
{
    private const int InNonBlock = 0x800, InCloexec = 0x80000;
    private const uint InModify = 0x2, InAttrib = 0x4, InMoveSelf = 0x800, InDeleteSelf = 0x400, InIgnored = 0x8000, InQueueOverflow = 0x4000;
    private const uint Mask = InModify | InAttrib | InMoveSelf | InDeleteSelf;
    private const int Eagain = 11;
    private const int EventHeader = 16; // struct inotify_event: int wd; uint32 mask, cookie, len; then len name bytes

    private readonly int _fd;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private FileChangeWatch(int fd) => _fd = fd;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch")]
    private static partial int InotifyRemoveWatch(int fd, int wd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    /// <summary>A watch, or null with the errno (EMFILE: fs.inotify.max_user_instances reached).</summary>
    public static FileChangeWatch? TryCreate(out int errno)
    {
        var fd = InotifyInit(InNonBlock | InCloexec);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new FileChangeWatch(fd);
    }

    /// <summary>Watches <paramref name="path"/>: its watch descriptor, or -errno (ENOSPC: fs.inotify.max_user_watches reached).</summary>
    /// <remarks>The same inode watched twice answers the same descriptor.</remarks>
    public int Add(string path) => InotifyAddWatch(_fd, path, Mask) is var wd and >= 0 ? wd : -Marshal.GetLastPInvokeError();

    /// <summary>Stops watching (a descriptor the kernel dropped already is fine).</summary>
    public void Remove(int wd) => InotifyRemoveWatch(_fd, wd);

    /// <summary>
    /// Reads every pending event: the descriptors of files written (or gone: their watch ended, <paramref name="gone"/>)
    /// are appended; false when the kernel's queue overflowed and any watched file may have changed.
    /// </summary>
    public unsafe bool Drain(List<int> written, List<int> gone)
    {
        var complete = true;
        fixed (byte* buffer = _buffer)
        {
            while (true)
            {
                var n = ReadNative(_fd, buffer, _buffer.Length);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Posix.Eintr) continue;
                    // EAGAIN: nothing more; anything else: treat as lost events.
                    return complete && errno == Eagain;
                }
                if (n == 0) return complete;
                for (var offset = 0; offset + EventHeader <= n;)
                {
                    var wd = *(int*)(buffer + offset);
                    var mask = *(uint*)(buffer + offset + 4);
                    var length = *(uint*)(buffer + offset + 12);
                    offset += EventHeader + (int)length;
                    if ((mask & InQueueOverflow) != 0) complete = false;
                    else if ((mask & (InIgnored | InDeleteSelf | InMoveSelf)) != 0) gone.Add(wd);
                    else written.Add(wd);
                }
            }
        }
    }

    public void Dispose() => CloseNative(_fd);
}
