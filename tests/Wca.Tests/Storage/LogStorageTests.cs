using System.Runtime.InteropServices;
using Wca.Api;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogStorageTests
{
    private static readonly MetricDescriptor Value = new("wca_test_value", MetricType.Gauge, "A test value.");

    private static MetricPackage Batch(double value, long timestamp = 1700000000000)
    {
        var batch = new MetricBatch { TimestampMilliseconds = timestamp };
        batch.Add(Value, value, LabelSet.From(("task_id", "t1"), ("host", "node-a")));
        return new MetricPackage(PackageKind.Metrics, batch);
    }

    [Fact]
    public void Overwrite_mode_replaces_the_file_node_exporter_serves_without_timestamps_or_leftovers()
    {
        using var dir = new TestDirectory();
        var target = dir.File("metrics.prom");
        using var storage = new LogStorage(target, overwrite: true);
        Assert.False(File.Exists(target));
        Assert.False(storage.IncludeTimestamp);

        storage.Store(Batch(42));
        using var exporter = new NodeExporter(dir.Path);
        var scraped = exporter.Scrape();
        Assert.Contains("wca_test_value{host=\"node-a\",task_id=\"t1\"} 42\n", scraped);
        Assert.Contains("# HELP wca_test_value A test value.", scraped);
        Assert.Contains("node_textfile_scrape_error 0", scraped);

        storage.Store(Batch(43.5));
        scraped = exporter.Scrape();
        Assert.Contains("wca_test_value{host=\"node-a\",task_id=\"t1\"} 43.5\n", scraped);
        Assert.DoesNotContain("} 42\n", scraped);

        Assert.Equal("# HELP wca_test_value A test value.\n# TYPE wca_test_value gauge\nwca_test_value{host=\"node-a\",task_id=\"t1\"} 43.5\n",
            File.ReadAllText(target));
        // 0644, not the reference's 0600: node_exporter runs as its own user (file_mode, LogStorageOptionsTests).
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(target));
        Assert.Equal(["metrics.prom"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Append_mode_adds_each_package_with_timestamps_and_a_separating_blank_line()
    {
        using var dir = new TestDirectory();
        var target = dir.File("metrics.log");
        File.WriteAllText(target, "earlier\n");
        using (var storage = new LogStorage(target))
        {
            Assert.True(storage.IncludeTimestamp);
            storage.Store(Batch(1, 1000));
            storage.Store(Batch(2, 2000));
        }
        const string header = "# HELP wca_test_value A test value.\n# TYPE wca_test_value gauge\n";
        Assert.Equal(
            "earlier\n" +
            header + "wca_test_value{host=\"node-a\",task_id=\"t1\"} 1 1000\n\n" +
            header + "wca_test_value{host=\"node-a\",task_id=\"t1\"} 2 2000\n\n",
            File.ReadAllText(target));
    }

    [Fact]
    public void Include_timestamp_can_be_forced_in_either_mode()
    {
        using var dir = new TestDirectory();
        var target = dir.File("metrics.prom");
        using (var storage = new LogStorage(target, overwrite: true, includeTimestamp: true)) storage.Store(Batch(7, 1234));
        Assert.EndsWith("} 7 1234\n", File.ReadAllText(target));
        var appended = dir.File("append.log");
        using (var storage = new LogStorage(appended, includeTimestamp: false)) storage.Store(Batch(7, 1234));
        Assert.EndsWith("} 7\n\n", File.ReadAllText(appended));
    }

    [Fact]
    public void Default_writes_to_the_process_stderr()
    {
        using var dir = new TestDirectory();
        var captured = dir.File("stderr.txt");
        using (var capture = new FileStream(captured, FileMode.Create, FileAccess.Write))
        {
            var saved = Dup(2);
            Assert.True(saved >= 0);
            try
            {
                Assert.True(Dup2((int)capture.SafeFileHandle.DangerousGetHandle(), 2) >= 0);
                using var storage = new LogStorage();
                Assert.Null(storage.OutputFilename);
                storage.Store(Batch(5, 99));
            }
            finally
            {
                Dup2(saved, 2);
                Close(saved);
            }
        }
        Assert.Contains("# TYPE wca_test_value gauge\nwca_test_value{host=\"node-a\",task_id=\"t1\"} 5 99\n\n", File.ReadAllText(captured));
    }

    [Fact]
    public void Broken_configurations_are_refused_without_touching_files()
    {
        var overwrite = Assert.Throws<ArgumentException>(() => new LogStorage(overwrite: true));
        Assert.Contains("cannot use overwrite mode without output_filename being set!", overwrite.Message);
        using var dir = new TestDirectory();
        Assert.Throws<ArgumentException>(() => new LogStorage(dir.File("missing/metrics.prom")));
        using var lazy = new LogStorage(dir.File("later.log"));
        Assert.False(File.Exists(dir.File("later.log")));
    }

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int fd, int target);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
