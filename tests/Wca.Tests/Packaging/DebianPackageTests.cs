using System.Text.RegularExpressions;
using Wca.Host.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>
/// packaging/debian/build-deb.sh builds the package with dpkg-deb; it installs into a throw-away root (dpkg --root,
/// maintainer scripts chrooted there), creating the wca user and /var/lib/wca; removal keeps the configuration, purge
/// drops it; lintian finds nothing outside its overrides. The package is built from the Native AOT wca the test run
/// publishes anyway (NativeAotBuild), standing in for wca-jit as well: `make dist`'s JIT publish would add minutes to
/// every CI run, and the package's layout does not depend on which build a file is.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DebianPackageTests : IClassFixture<DebianPackageTests.BuiltPackage>
{
    private readonly BuiltPackage _package;

    public DebianPackageTests(BuiltPackage package) => _package = package;

    /// <summary>The .deb, built once for the class.</summary>
    public sealed class BuiltPackage : IDisposable
    {
        private readonly TestDirectory _dir = new();

        public BuiltPackage()
        {
            var dist = Path.Combine(_dir.Path, "dist");
            Directory.CreateDirectory(dist);
            var aot = NativeAotBuild.Executable;
            File.Copy(aot, Path.Combine(dist, "wca"));
            File.Copy(aot, Path.Combine(dist, "wca-jit"));
            foreach (var lib in new[] { "librdkafka.so", "centos8-librdkafka.so" })
                File.Copy(Path.Combine(Path.GetDirectoryName(aot)!, lib), Path.Combine(dist, lib));
            var (exit, output) = ExternalTool.Run(Path.Combine(PackagingLayout.Directory, "debian/build-deb.sh"), dist, Path.Combine(_dir.Path, "out"), "1.2.3");
            Assert.True(exit == 0, $"build-deb.sh: exit {exit}\n{output}");
            Deb = output.Trim().Split('\n')[^1];
            Aot = aot;
        }

        public string Deb { get; }
        public string Aot { get; }

        public void Dispose() => _dir.Dispose();
    }

    [GeneratedRegex(@"GLIBC_(\d+)\.(\d+)")]
    private static partial Regex GlibcVersion();

    [Fact]
    public void The_package_holds_the_binaries_unit_and_config_and_depends_on_the_glibc_its_symbols_need()
    {
        var (_, contents) = ExternalTool.Run("dpkg-deb", "--contents", _package.Deb);
        foreach (var path in new[] { "./usr/lib/wca/wca", "./usr/lib/wca/wca-jit", "./usr/bin/wca -> ../lib/wca/wca", "./usr/bin/wca-jit -> ../lib/wca/wca-jit",
                     "./lib/systemd/system/wca.service", "./etc/wca/wca_config.yml", "./etc/default/wca", "./usr/share/man/man1/wca.1.gz" })
            Assert.Contains(path, contents, StringComparison.Ordinal);
        var (_, conffiles) = ExternalTool.Run("dpkg-deb", "--ctrl-tarfile", _package.Deb);
        Assert.Contains("conffiles", conffiles, StringComparison.Ordinal);
        var (_, depends) = ExternalTool.Run("dpkg-deb", "--field", _package.Deb, "Depends");
        var (_, symbols) = ExternalTool.Run("objdump", "-T", _package.Aot);
        var newest = GlibcVersion().Matches(symbols).Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).Max();
        Assert.Contains($"libc6 (>= {newest.Item1}.{newest.Item2})", depends, StringComparison.Ordinal);
        Assert.Contains("adduser", depends, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packaged_config_is_the_embedded_default_served_on_port_9112()
    {
        var packaged = File.ReadAllLines(PackagingLayout.PackagedConfig).Where(l => !l.StartsWith('#')).ToArray();
        var embedded = EmbeddedDefaultConfig.Text.Split('\n').Where(l => !l.StartsWith('#') && l.Length > 0).ToArray();
        Assert.Equal(embedded.Select(l => l.Replace("!LogStorage {}", "!PrometheusStorage {}", StringComparison.Ordinal)), packaged);
    }

    [Fact]
    public void Install_creates_the_user_and_state_directory_remove_keeps_the_config_and_purge_drops_it()
    {
        using var root = new ThrowAwayRoot();
        Dpkg(root, "--install", _package.Deb);

        var passwd = File.ReadAllLines(root.Inside("/etc/passwd")).Select(l => l.Split(':')).SingleOrDefault(f => f[0] == "wca");
        Assert.True(passwd is not null, "no wca user in the root's /etc/passwd");
        Assert.Equal("/var/lib/wca", passwd![5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);
        Assert.Contains(File.ReadAllLines(root.Inside("/etc/group")), l => l.StartsWith("wca:", StringComparison.Ordinal));
        Assert.False(File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith("wca:", StringComparison.Ordinal) && !HostHadWca), "the host got the user");
        var state = new DirectoryInfo(root.Inside("/var/lib/wca"));
        Assert.True(state.Exists);
        Assert.Equal(passwd[2], Stat(state.FullName, "%u"));
        Assert.True(File.Exists(root.Inside("/usr/lib/wca/wca")));
        Assert.True(File.Exists(root.Inside("/etc/systemd/system/multi-user.target.wants/wca.service")), "the unit is not enabled");

        // The installed binary runs in the root and accepts the installed config (as postinst and ExecStartPre do).
        var (checkExit, check) = ExternalTool.Run("chroot", root.Path, "/usr/bin/wca", "--check-config", "/etc/wca/wca_config.yml");
        Assert.True(checkExit == 0, check);

        Dpkg(root, "--remove", "wca");
        Assert.False(File.Exists(root.Inside("/usr/lib/wca/wca")));
        Assert.False(File.Exists(root.Inside("/lib/systemd/system/wca.service")));
        Assert.True(File.Exists(root.Inside("/etc/wca/wca_config.yml")), "remove dropped the config");

        Dpkg(root, "--purge", "wca");
        Assert.False(File.Exists(root.Inside("/etc/wca/wca_config.yml")), "purge kept the config");
        Assert.False(Directory.Exists(root.Inside("/var/lib/wca")), "purge kept /var/lib/wca");
    }

    [Fact]
    public void Lintian_reports_nothing_outside_the_packages_overrides()
    {
        var (_, output) = ExternalTool.Run("lintian", "--fail-on", "none", _package.Deb);
        var tags = output.Split('\n').Where(l => l.Length > 1 && l[1] == ':' && l[0] is 'E' or 'W').ToArray();
        Assert.True(tags.Length == 0, string.Join('\n', tags));
    }

    private static readonly bool HostHadWca = File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith("wca:", StringComparison.Ordinal));

    private static void Dpkg(ThrowAwayRoot root, params string[] arguments)
    {
        var (exit, output) = ExternalTool.Run("dpkg", [$"--root={root.Path}", "--no-triggers", .. arguments]);
        Assert.True(exit == 0, $"dpkg {string.Join(' ', arguments)}: exit {exit}\n{output}");
    }

    private static string Stat(string path, string format) => ExternalTool.Run("stat", "-c", format, path).Output.Trim();
}
