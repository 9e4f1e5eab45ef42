namespace Wca.Discovery;

/// <summary>Checks that a configured cgroup path stays below its hierarchy root.</summary>
internal static class CgroupPaths
{
    /// <summary>
    /// Throws (naming <paramref name="key"/>) when <paramref name="path"/> has a '..' segment, which would leave the
    /// hierarchy root, or a '.' segment, which names no cgroup of its own.
    /// </summary>
    public static void CheckInsideRoot(string path, string key, string what)
    {
        foreach (var segment in path.Split('/'))
            if (segment is "." or ".." || segment.Contains('\0'))
                throw new ArgumentException($"'{path}' leaves the cgroup hierarchy: {what} below its root, without '.' or '..' segments", key);
    }
}
