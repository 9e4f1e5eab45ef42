using Wca.Api;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Discovery;

/// <summary>
/// A cgroup directory seen by <see cref="CgroupNode"/>'s walk, cached between iterations with its children
/// (looked up by name span, so an unchanged tree allocates no strings), its open cgroup.events (cgroup2) and its task.
/// </summary>
internal sealed class CgroupDirectory : IDisposable
{
    private Dictionary<string, CgroupDirectory>? _children;
    private KernelFile? _events;
    private bool _probed;
    private byte[]? _procsPath;

    public CgroupDirectory(string cgroupPath, string fullPath)
    {
        CgroupPath = cgroupPath;
        FullPath = fullPath;
        Name = Path.GetFileName(cgroupPath);
    }

    /// <summary>Relative to the hierarchy root, leading '/'.</summary>
    public string CgroupPath { get; }

    public string FullPath { get; }

    public string Name { get; }

    /// <summary>The walk that last saw this directory.</summary>
    public int Generation { get; private set; }

    /// <summary>Built the first time the directory matches, then handed out unchanged.</summary>
    public NodeTask? Task { get; set; }

    public CgroupDirectory GetOrAddChild(ReadOnlySpan<char> name, int generation)
    {
        _children ??= new Dictionary<string, CgroupDirectory>(StringComparer.Ordinal);
        var lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var child))
        {
            var n = name.ToString();
            child = new CgroupDirectory(CgroupPath.Length == 1 ? "/" + n : CgroupPath + "/" + n, FullPath + "/" + n);
            _children.Add(n, child);
        }
        child.Generation = generation;
        return child;
    }

    /// <summary>Forgets (and closes) children the walk of <paramref name="generation"/> did not see.</summary>
    public void RemoveStale(int generation)
    {
        if (_children is null) return;
        List<string>? gone = null;
        foreach (var (name, child) in _children)
            if (child.Generation != generation) (gone ??= []).Add(name);
        if (gone is null) return;
        foreach (var name in gone)
        {
            _children[name].Dispose();
            _children.Remove(name);
        }
    }

    /// <summary>
    /// Whether the cgroup or a cgroup below it has processes (a pod's processes live in its containers' cgroups):
    /// cgroup2's cgroup.events populated flag (kept open), else the own cgroup.procs and then the descendants'.
    /// </summary>
    public bool HasPids(CgroupFs cgroups)
    {
        if (!_probed)
        {
            _probed = true;
            _events = KernelFile.TryOpen(FullPath + "/cgroup.events", 128);
        }
        if (_events is not null) return cgroups.IsPopulated(_events);
        // v1: cgroup.procs is opened for every check (see CgroupProcs); its path is built once.
        if (cgroups.HasProcesses(_procsPath ??= CgroupFs.ProcsPath(FullPath)) == true) return true;
        return cgroups.AnyDescendantHasProcesses(FullPath);
    }

    public void Dispose()
    {
        _events?.Dispose();
        _events = null;
        _probed = false;
        if (_children is null) return;
        foreach (var child in _children.Values) child.Dispose();
        _children = null;
    }
}
