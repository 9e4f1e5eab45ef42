namespace Wca.Kernel.Cgroups;

/// <summary>
/// The ids a cgroup lists (cgroup.procs: processes; tasks or cgroup.threads: threads), read anew on every call: cgroup v1
/// keeps an open list for a second (see <see cref="CgroupProcs"/>), and resources that act per process need it fresh.
/// </summary>
internal static class CgroupMembers
{
    /// <summary>The ids in <paramref name="path"/>; null when the cgroup is gone (<paramref name="error"/> null) or the file cannot be read (<paramref name="error"/> says why).</summary>
    public static string[]? Read(string path, out string? error)
    {
        error = null;
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }
}
