using System.Runtime.InteropServices;
using System.Text;

namespace Wca.Kernel.Cgroups;

/// <summary>
/// Cheap "does this cgroup have processes" checks: a few bytes of cgroup.procs. The file is opened for every
/// check: cgroup v1 keeps the pid list of an open cgroup.procs while it is re-read within a second, so a
/// descriptor kept open would not see a process join an empty cgroup at an interval under a second.
/// </summary>
internal static partial class CgroupProcs
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC on x86-64 and arm64

    [LibraryImport("libc", EntryPoint = "open")]
    private static unsafe partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>The NUL-terminated path of a cgroup's cgroup.procs, built once per task for <see cref="HasAny(ReadOnlySpan{byte})"/>.</summary>
    public static byte[] ProcsPath(string cgroupDirectory) => Encoding.UTF8.GetBytes(cgroupDirectory + "/cgroup.procs\0");

    /// <summary>As <see cref="HasAny(string)"/> for a path from <see cref="ProcsPath"/>, without allocating.</summary>
    public static unsafe bool? HasAny(ReadOnlySpan<byte> procsPath)
    {
        int fd;
        fixed (byte* p = procsPath) fd = Open(p, ReadOnlyCloseOnExec);
        if (fd < 0) return null;
        try
        {
            Span<byte> first = stackalloc byte[16];
            var n = PositionalRead.FromStart(fd, first);
            return n < 0 ? null : n > 0;
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>True when the cgroup has at least one process, false when none, null when the cgroup does not exist.</summary>
    public static bool? HasAny(string cgroupDirectory) => HasAny(ProcsPath(cgroupDirectory));

    /// <summary>cgroup2's cgroup.events "populated 1": processes in the cgroup or anywhere below it.</summary>
    public static bool IsPopulated(KernelFile events)
    {
        if (events.Read(out var text) < 0) return false;
        var at = text.IndexOf("populated "u8);
        return at >= 0 && at + 10 < text.Length && text[at + 10] == (byte)'1';
    }

    /// <summary>Whether any cgroup below <paramref name="cgroupDirectory"/> has processes (v1 has no populated flag).</summary>
    public static bool AnyDescendantHasAny(string cgroupDirectory)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(cgroupDirectory))
                if (HasAny(child) == true || AnyDescendantHasAny(child)) return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return false;
    }
}
