using Microsoft.Win32.SafeHandles;
using Wca.Measurement.Cgroups;

namespace Wca.Discovery;

/// <summary>Cheap "does this cgroup have processes" checks: one pread of a few bytes of cgroup.procs.</summary>
internal static class CgroupProcs
{
    /// <summary>True when the cgroup has at least one process, false when none, null when the cgroup does not exist.</summary>
    public static bool? HasAny(string cgroupDirectory)
    {
        using var handle = CgroupFile.TryOpen(Path.Combine(cgroupDirectory, "cgroup.procs"));
        return handle is null ? null : HasAny(handle);
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

    /// <summary>cgroup2's cgroup.events "populated 1": processes in the cgroup or anywhere below it.</summary>
    public static bool IsPopulated(SafeFileHandle events)
    {
        Span<byte> content = stackalloc byte[128];
        int length;
        try
        {
            length = RandomAccess.Read(events, content, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var text = content[..length];
        var at = text.IndexOf("populated "u8);
        return at >= 0 && at + 10 < length && text[at + 10] == (byte)'1';
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
