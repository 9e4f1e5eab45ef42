using System.Text;
using Wca.Host;

namespace Wca.Kernel.Cgroups;

/// <summary>
/// The agent's one view of cgroupfs: the root, the layout (detected once, on first use: making the service, e.g.
/// while binding the configuration, touches no file), paths, the "has processes" checks and writes with read-back
/// for allocation. Injected (AgentServices.Cgroups), so the layout is detected once per agent.
/// </summary>
public sealed class CgroupFs
{
    private readonly Lazy<CgroupLayout> _layout;

    public CgroupFs(HostPaths paths) : this(paths.CgroupRoot) { }

    public CgroupFs(string root)
    {
        Root = root;
        _layout = new Lazy<CgroupLayout>(() => CgroupLayout.Detect(root), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The cgroup root (HostPaths.CgroupRoot).</summary>
    public string Root { get; }

    /// <summary>Detected on the first call, then the same instance.</summary>
    public CgroupLayout Layout => _layout.Value;

    /// <summary>Whether <see cref="Layout"/> has been detected yet.</summary>
    public bool IsDetected => _layout.IsValueCreated;

    /// <summary>
    /// The mount of <paramref name="hierarchy"/>: a name of <see cref="CgroupLayout.Names"/> ("cpu", "cpuset", "unified" ...)
    /// or a mount directory as the layout gives it (starting with '/'), which is taken as is. Null when not mounted.
    /// </summary>
    public string? Hierarchy(string hierarchy) => hierarchy.StartsWith('/') ? hierarchy : Layout.Controller(hierarchy);

    /// <summary>The directory of <paramref name="cgroupPath"/> (leading '/' optional) in the mount <paramref name="hierarchyDirectory"/>.</summary>
    public static string Join(string hierarchyDirectory, string cgroupPath) => CgroupLayout.Join(hierarchyDirectory, cgroupPath);

    /// <summary>The path of <paramref name="file"/> of <paramref name="cgroupPath"/> in <paramref name="hierarchy"/> (see <see cref="Hierarchy"/>).</summary>
    /// <returns>Null when the hierarchy is not mounted.</returns>
    public string? FilePath(string hierarchy, string cgroupPath, string file) =>
        Hierarchy(hierarchy) is { } mount ? Join(mount, cgroupPath) + "/" + file : null;

    private string RequirePath(string hierarchy, string cgroupPath, string file, string? value) =>
        FilePath(hierarchy, cgroupPath, file)
        ?? throw new CgroupWriteException(Path.Combine(Root, hierarchy, cgroupPath.TrimStart('/'), file), value, Posix.Enoent,
            $"no '{hierarchy}' hierarchy is mounted, finding the file");

    /// <summary>True when the cgroup directory has a process of its own, false when none, null when it does not exist.</summary>
    public bool? HasProcesses(string cgroupDirectory) => CgroupProcs.HasAny(cgroupDirectory);

    /// <summary>As <see cref="HasProcesses(string)"/> for a path made by <see cref="ProcsPath"/>, without allocating.</summary>
    internal bool? HasProcesses(ReadOnlySpan<byte> procsPath) => CgroupProcs.HasAny(procsPath);

    /// <summary>The NUL-terminated path of a cgroup directory's cgroup.procs, built once per cgroup for the checks.</summary>
    internal static byte[] ProcsPath(string cgroupDirectory) => CgroupProcs.ProcsPath(cgroupDirectory);

    /// <summary>cgroup2's cgroup.events "populated 1" (kept open): processes in the cgroup or anywhere below it.</summary>
    internal bool IsPopulated(KernelFile events) => CgroupProcs.IsPopulated(events);

    /// <summary>Whether a cgroup below <paramref name="cgroupDirectory"/> has processes (v1 has no populated flag).</summary>
    public bool AnyDescendantHasProcesses(string cgroupDirectory) => CgroupProcs.AnyDescendantHasAny(cgroupDirectory);

    /// <summary>
    /// Writes <paramref name="value"/> to a cgroup file in one write(2) (no trailing newline, as the reference writes)
    /// and returns what reading the file back gives, trailing newline removed: the kernel may round or refuse a part.
    /// </summary>
    /// <param name="hierarchy">See <see cref="Hierarchy"/>.</param>
    /// <exception cref="CgroupWriteException">The hierarchy is not mounted, or the open, write or read-back failed.</exception>
    public string Write(string hierarchy, string cgroupPath, string file, string value)
    {
        var path = RequirePath(hierarchy, cgroupPath, file, value);
        var fd = Posix.Open(path, Posix.WriteOnly);
        if (fd < 0) throw new CgroupWriteException(path, value, -fd, "open");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var written = Posix.Write(fd, bytes);
            if (written < 0) throw new CgroupWriteException(path, value, -written, "write");
        }
        finally
        {
            Posix.Close(fd);
        }
        using var back = KernelFile.TryOpen(path, 256, out var errno) ?? throw new CgroupWriteException(path, value, errno, "read back");
        var n = back.Read(out var content);
        if (n < 0) throw new CgroupWriteException(path, value, -n, "read back");
        return Encoding.UTF8.GetString(content.TrimEnd((byte)'\n'));
    }

    /// <summary>The content of a cgroup file, trailing newline removed.</summary>
    /// <exception cref="CgroupWriteException">The hierarchy is not mounted or the file cannot be read.</exception>
    public string Read(string hierarchy, string cgroupPath, string file)
    {
        var path = RequirePath(hierarchy, cgroupPath, file, null);
        using var f = KernelFile.TryOpen(path, 256, out var errno) ?? throw new CgroupWriteException(path, null, errno, "open");
        var n = f.Read(out var content);
        if (n < 0) throw new CgroupWriteException(path, null, -n, "read");
        return Encoding.UTF8.GetString(content.TrimEnd((byte)'\n'));
    }
}
