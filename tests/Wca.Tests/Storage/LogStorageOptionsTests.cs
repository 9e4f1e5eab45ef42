using System.Diagnostics;
using Wca.Api;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Storage;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage;

/// <summary>!LogStorage keys of the final release (filter_labels) and file_mode, loaded from YAML as a user writes them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogStorageOptionsTests : IDisposable
{
    private static readonly MetricDescriptor Value = new("wca_test_value", MetricType.Gauge, "A test value.");
    private static readonly MetricDescriptor Up = new("wca_up", MetricType.Gauge, "Up.");
    private static readonly string[] Nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private LogStorage Load(string storageYaml)
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.Register(typeof(HoldingRunner));
        var config = ConfigurationLoader.Load(_dir.Write("config.yaml", "runner: !HoldingRunner\n  payload: !LogStorage\n" + storageYaml),
            registry, AgentServices.ForTests(), _ => null);
        return Assert.IsType<LogStorage>(((HoldingRunner)config.Runner).Payload);
    }

    /// <summary>The configuration error, checked to come fast and small (a hostile value is refused in bounded time and memory).</summary>
    private ConfigurationException Refused(string storageYaml)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ConfigurationException>(() => Load(storageYaml));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 50L << 20);
        return e;
    }

    private static MetricPackage Package(string host, double value)
    {
        var batch = new MetricBatch { TimestampMilliseconds = 1700000000000 };
        batch.Add(Value, value, LabelSet.From(("task_id", "t1"), ("host", host), ("cores", "8")));
        batch.Add(Value, value + 1, LabelSet.From(("task_id", "t2"), ("host", host), ("cores", "8")));
        batch.Add(Up, 1, LabelSet.From(("cores", "8")));
        return new MetricPackage(PackageKind.Metrics, batch);
    }

    [Fact]
    public void Filter_labels_keeps_only_the_listed_label_keys_on_every_metric_and_follows_new_label_values()
    {
        var target = _dir.File("metrics.prom");
        using var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n    filter_labels: [task_id, host]\n");
        Assert.Equal(["task_id", "host"], storage.FilterLabels);

        storage.Store(Package("node-a", 1));
        Assert.Equal(
            "# HELP wca_test_value A test value.\n# TYPE wca_test_value gauge\n" +
            "wca_test_value{host=\"node-a\",task_id=\"t1\"} 1\nwca_test_value{host=\"node-a\",task_id=\"t2\"} 2\n\n" +
            "# HELP wca_up Up.\n# TYPE wca_up gauge\nwca_up 1\n",
            File.ReadAllText(target));
        Promtool.AssertParses(File.ReadAllText(target));

        // New label set instances (as a task's labels change) are filtered anew, not served from the previous package.
        storage.Store(Package("node-b", 5));
        var text = File.ReadAllText(target);
        Assert.Contains("wca_test_value{host=\"node-b\",task_id=\"t1\"} 5\n", text);
        Assert.DoesNotContain("node-a", text);
        Assert.DoesNotContain("cores", text);
    }

    [Fact]
    public void Without_filter_labels_every_label_is_written()
    {
        var target = _dir.File("metrics.prom");
        using var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n");
        Assert.Null(storage.FilterLabels);
        storage.Store(Package("node-a", 1));
        Assert.Contains("wca_test_value{cores=\"8\",host=\"node-a\",task_id=\"t1\"} 1\n", File.ReadAllText(target));
    }

    [Fact]
    public void The_overwrite_file_is_0644_by_default_so_node_exporter_running_as_its_own_user_serves_it()
    {
        var target = _dir.File("metrics.prom");
        using var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n");
        Assert.Equal((UnixFileMode)0b110_100_100, storage.FileMode);
        storage.Store(Package("node-a", 42));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(target));

        using var exporter = new NodeExporter(_dir.Path, Nobody);
        var scraped = exporter.Scrape();
        Assert.Contains("wca_test_value{cores=\"8\",host=\"node-a\",task_id=\"t1\"} 42\n", scraped);
        Assert.Contains("node_textfile_scrape_error 0", scraped);
    }

    [Fact]
    public void File_mode_0600_keeps_the_file_from_node_exporter_running_as_its_own_user()
    {
        var target = _dir.File("metrics.prom");
        using var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n    file_mode: '0600'\n");
        storage.Store(Package("node-a", 42));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));

        using var exporter = new NodeExporter(_dir.Path, Nobody);
        var scraped = exporter.Scrape();
        Assert.DoesNotContain("wca_test_value", scraped);
        Assert.Contains("node_textfile_scrape_error 1", scraped);
    }

    [Fact]
    public void File_mode_is_set_exactly_whatever_the_umask_and_an_unquoted_0644_is_octal()
    {
        // The test process's umask (022) would turn a create mode of 0666 into 0644: the mode is set on the open file.
        var target = _dir.File("metrics.prom");
        using (var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n    file_mode: 0o666\n"))
            storage.Store(Package("node-a", 1));
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(target));

        using (var storage = Load($"    output_filename: '{target}'\n    overwrite: true\n    file_mode: 0640\n"))
        {
            Assert.Equal((UnixFileMode)0b110_100_000, storage.FileMode);
            storage.Store(Package("node-a", 1));
        }
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(target));

        var appended = _dir.File("metrics.log");
        using (var storage = Load($"    output_filename: '{appended}'\n    file_mode: '0640'\n"))
            storage.Store(Package("node-a", 1));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(appended));
    }

    [Theory]
    [InlineData("'0999'")]
    [InlineData("'644x'")]
    [InlineData("rw-r--r--")]
    [InlineData("'07777'")]
    [InlineData("64")]
    public void A_file_mode_that_is_not_an_octal_permission_mode_is_a_configuration_error_naming_the_key(string mode)
    {
        var e = Refused($"    output_filename: '{_dir.File("metrics.prom")}'\n    overwrite: true\n    file_mode: {mode}\n");
        Assert.Equal("runner.payload.file_mode", e.YamlPath);
        Assert.Contains("expected an octal file mode such as '0644' (permission bits, 000 to 0777), found ", e.Message);
        Assert.Contains(mode.Trim('\''), e.Message);
        Assert.EndsWith("chmod's octal notation is three digits 0-7 (owner, group, others), optionally after '0' or '0o'", e.Message);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "an octal file mode"));
    }

    [Fact]
    public void Output_filename_naming_a_directory_is_a_configuration_error_naming_the_key()
    {
        Directory.CreateDirectory(_dir.File("textfiles"));
        foreach (var (name, shown) in new[] { (".", "."), (_dir.File("textfiles"), _dir.File("textfiles")), (_dir.Path + "/", _dir.Path + "/") })
        {
            var e = Refused($"    output_filename: '{name}'\n    overwrite: true\n");
            Assert.Equal("runner.payload.output_filename", e.YamlPath);
            Assert.Contains($"!LogStorage rejected 'output_filename': output_filename '{shown}' is a directory: name a file in it, such as '", e.Message);
            Assert.Contains("metrics.prom'", e.Message);
        }
        var appending = Refused("    output_filename: '.'\n");
        Assert.Contains("is a directory", appending.Message);
    }

    [Theory]
    [InlineData("/proc/self/wca.prom")]
    [InlineData("/proc/sys/kernel/hostname")]
    [InlineData("/sys/kernel/wca.prom")]
    [InlineData("/sys/fs/cgroup/wca.prom")]
    public void Output_filename_under_proc_or_sys_is_a_configuration_error_naming_the_key(string path)
    {
        var e = Refused($"    output_filename: '{path}'\n");
        Assert.Equal("runner.payload.output_filename", e.YamlPath);
        Assert.Contains($"output_filename '{path}' is under /proc or /sys: those are kernel interfaces, not files for metrics", e.Message);
    }

    [Fact]
    public void Output_filename_reaching_proc_through_a_symbolic_link_is_refused_too()
    {
        var link = _dir.File("proc-link");
        File.CreateSymbolicLink(link, "/proc/self");
        var e = Refused($"    output_filename: '{link}/wca.prom'\n");
        Assert.Contains("is under /proc or /sys", e.Message);
    }
}
