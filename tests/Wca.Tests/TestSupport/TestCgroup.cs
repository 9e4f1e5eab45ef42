using System.Diagnostics;
using Wca.Host;
using Wca.Kernel.Cgroups;

namespace Wca.Tests.TestSupport;

/// <summary>
/// A real cgroup named <c>wca-test-&lt;hex&gt;</c> in every mounted hierarchy this host measures (v1 cpu, cpuacct,
/// memory; cgroup2), with processes started inside it. Dispose kills everything in it and removes it.
/// <code>
/// using var cg = TestCgroup.Create();
/// cg.Start("stress-ng", "--cpu", "1", "--cpu-load", "100");
/// var source = new CgroupMeasurementFactory(HostPaths.Default, logger).Open(cg.CgroupPath);
/// </code>
/// Processes join the cgroup before they exec (a shell writes its own pid into cgroup.procs, then execs the
/// program), so forked workers such as stress-ng's are inside it from their first instruction.
/// </summary>
public sealed class TestCgroup : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<TestCgroup> _children = [];
    private bool _disposed;

    private TestCgroup(CgroupLayout layout, string cgroupPath)
    {
        Layout = layout;
        CgroupPath = cgroupPath;
        Directories = layout.Hierarchies.Select(h => CgroupLayout.Join(h, cgroupPath)).ToArray();
        try
        {
            foreach (var dir in Directories) Directory.CreateDirectory(dir);
        }
        catch
        {
            RemoveDirectories();
            throw;
        }
    }

    /// <summary>Creates <c>/wca-test-&lt;random hex&gt;</c> (or <c>/wca-test-&lt;hex&gt;-<paramref name="label"/></c>) in every mounted hierarchy.</summary>
    public static TestCgroup Create(string? label = null)
    {
        var layout = CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        var name = "wca-test-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6)) + (label is null ? "" : "-" + label);
        return new TestCgroup(layout, "/" + name);
    }

    /// <summary>A new cgroup under the path of <paramref name="removed"/>, which was disposed (a cgroup removed and created anew).</summary>
    public static TestCgroup AtPathOf(TestCgroup removed)
    {
        if (!removed._disposed) throw new InvalidOperationException("dispose the cgroup first: two owners of one directory");
        return new TestCgroup(removed.Layout, removed.CgroupPath);
    }

    public CgroupLayout Layout { get; }

    /// <summary>Cgroup path relative to each hierarchy root, with the leading '/' (what NodeTask.CgroupPath holds).</summary>
    public string CgroupPath { get; }

    /// <summary>Path without the leading '/' (a StaticNode task name).</summary>
    public string RelativePath => CgroupPath[1..];

    /// <summary>Last path segment.</summary>
    public string Name => Path.GetFileName(CgroupPath);

    /// <summary>The cgroup's directory in every hierarchy it was created in.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>
    /// A nested cgroup <c>CgroupPath/name</c>, removed (with its processes) before this one. Asking twice for one name
    /// gives the same child: two owners of one directory would each wait for the other's children to go.
    /// </summary>
    public TestCgroup CreateChild(string name)
    {
        if (_children.Find(c => c.Name == name) is { } existing) return existing;
        var child = new TestCgroup(Layout, CgroupPath + "/" + name);
        _children.Add(child);
        return child;
    }

    /// <summary>Starts <paramref name="program"/> inside the cgroup; it is killed on Dispose.</summary>
    public Process Start(string program, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // echo $$ > <dir>/cgroup.procs for every hierarchy, then exec: the program starts inside the cgroup.
        var joins = string.Concat(Directories.Select((_, i) => $"echo $$ > \"${{{i + 1}}}/cgroup.procs\" || exit 97; "));
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(joins + $"shift {Directories.Count}; exec \"$@\"");
        psi.ArgumentList.Add("sh");
        foreach (var dir in Directories) psi.ArgumentList.Add(dir);
        psi.ArgumentList.Add(program);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + program);
        // Drain the pipes so a chatty program never blocks.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        // The shell joins the hierarchies one after another: wait until it is in all of them.
        WaitUntil(() => Directories.All(dir => ReadPids(dir).Contains(process.Id)) || process.HasExited, TimeSpan.FromSeconds(5));
        if (process.HasExited)
            throw new InvalidOperationException($"{program} exited at once with code {process.ExitCode}");
        return process;
    }

    /// <summary><c>stress-ng</c> with <paramref name="arguments"/> (e.g. "--cpu", "1", "--cpu-load", "100").</summary>
    public Process StartStressNg(params string[] arguments) => Start("stress-ng", arguments);

    /// <summary>An idle process (sleep).</summary>
    public Process StartSleeper() => Start("sleep", "3600");

    /// <summary>Pids in the cgroup in any of its hierarchies (its own cgroup.procs; not its children's).</summary>
    public IReadOnlyList<int> ReadPids() => Directories.SelectMany(ReadPids).Distinct().ToArray();

    private static IEnumerable<int> ReadPids(string dir)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Select(int.Parse).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Kills every process of the cgroup (never anything else), waits for them and removes the directories.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var child in _children) child.Dispose();
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        // Workers that escaped the process tree (re-parented) are still in the cgroup: kill what it lists.
        WaitUntil(() =>
        {
            var pids = ReadPids();
            foreach (var pid in pids)
            {
                try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
            return pids.Count == 0;
        }, TimeSpan.FromSeconds(10));
        foreach (var p in _processes)
        {
            p.WaitForExit(2000);
            p.Dispose();
        }
        RemoveDirectories();
    }

    private void RemoveDirectories()
    {
        foreach (var dir in Directories)
        {
            // rmdir answers EBUSY for a moment after the last process exits.
            WaitUntil(() =>
            {
                try { if (Directory.Exists(dir)) Directory.Delete(dir); return true; }
                catch (IOException) { return false; }
            }, TimeSpan.FromSeconds(5));
        }
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition() && sw.Elapsed < timeout) Thread.Sleep(20);
    }
}
