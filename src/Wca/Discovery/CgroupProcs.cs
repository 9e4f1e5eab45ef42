using Microsoft.Win32.SafeHandles;

namespace Wca.Discovery;

/// <summary>Cheap "does this cgroup have processes" checks: one pread of a few bytes of cgroup.procs.</summary>
internal static class CgroupProcs
{
    /// <summary>True when the cgroup has at least one process, false when none, null when the cgroup does not exist.</summary>
    public static bool? HasAny(string cgroupDirectory)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Path.Combine(cgroupDirectory, "cgroup.procs"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        using (handle) return HasAny(handle);
    }

    /// <summary>Reads the first bytes of an open cgroup.procs; a vanished cgroup counts as empty.</summary>
    public static bool HasAny(SafeFileHandle procs)
    {
        Span<byte> first = stackalloc byte[16];
        try
        {
            return RandomAccess.Read(procs, first, 0) > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
