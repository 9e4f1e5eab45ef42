namespace Wca.Tests.Packaging;

/// <summary>
/// A root directory for <c>dpkg --root</c> and chroot: the host's /usr and /etc as overlays (writes land in this
/// directory's upper layers, never on the host), the host's /dev bound, an empty /var and /run (no systemd, so the
/// maintainer scripts skip systemctl), a copy of the host's dpkg status (dependencies are satisfied). Dispose unmounts
/// and deletes only once nothing is mounted below it any more.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ThrowAwayRoot : IDisposable
{
    private readonly string _base;
    private readonly List<string> _mounts = [];

    public ThrowAwayRoot()
    {
        _base = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wca-root-" + Guid.NewGuid().ToString("N")[..12]);
        Path = System.IO.Path.Combine(_base, "root");
        try
        {
            foreach (var dir in new[] { "usr", "etc", "dev", "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "var/cache", "run", "tmp" })
                Directory.CreateDirectory(System.IO.Path.Combine(Path, dir));
            foreach (var link in new[] { "bin", "sbin", "lib", "lib64" })
                File.CreateSymbolicLink(System.IO.Path.Combine(Path, link), "usr/" + link);
            foreach (var layer in new[] { "usr", "etc" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(_base, "upper", layer));
                Directory.CreateDirectory(System.IO.Path.Combine(_base, "work", layer));
                Mount("-t", "overlay", "overlay", "-o",
                    $"lowerdir=/{layer},upperdir={_base}/upper/{layer},workdir={_base}/work/{layer}", System.IO.Path.Combine(Path, layer));
            }
            Mount("--bind", "/dev", System.IO.Path.Combine(Path, "dev"));
            File.Copy("/var/lib/dpkg/status", System.IO.Path.Combine(Path, "var/lib/dpkg/status"));
            File.WriteAllText(System.IO.Path.Combine(Path, "var/lib/dpkg/available"), "");
            File.SetUnixFileMode(System.IO.Path.Combine(Path, "tmp"), (UnixFileMode)0b1_111_111_111);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>A path inside the root (<paramref name="absolute"/> as seen from inside).</summary>
    public string Inside(string absolute) => System.IO.Path.Combine(Path, absolute.TrimStart('/'));

    private void Mount(params string[] arguments)
    {
        ThrowAwaySystemUser.Run("mount", arguments);
        _mounts.Add(arguments[^1]);
    }

    public void Dispose()
    {
        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            try { ThrowAwaySystemUser.Run("umount", _mounts[i]); }
            catch (InvalidOperationException) { ThrowAwaySystemUser.Run("umount", "--lazy", _mounts[i]); }
        }
        // Deleting through a mount would delete the host's files: only when nothing is mounted below any more.
        var stillMounted = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_base, StringComparison.Ordinal)).ToArray();
        if (stillMounted.Length > 0) throw new InvalidOperationException($"still mounted, not deleting {_base}: {string.Join(", ", stillMounted)}");
        if (Directory.Exists(_base)) Directory.Delete(_base, recursive: true);
    }
}
