using System.Diagnostics;
using Wca.Api;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage;

/// <summary>
/// LogStorage does not catch its write failures: every one reaches the runner, which logs and counts it
/// (wca's storage failure counter), and the next package is written as soon as the cause is gone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogStorageFailureTests
{
    private static readonly MetricDescriptor Value = new("wca_test_value", MetricType.Gauge, "A test value.");

    private static MetricPackage Batch(double value)
    {
        var batch = new MetricBatch { TimestampMilliseconds = 1700000000000 };
        batch.Add(Value, value, LabelSet.From(("task_id", "t1")));
        return new MetricPackage(PackageKind.Metrics, batch);
    }

    [Fact]
    public void A_removed_directory_fails_every_store_until_it_is_back_and_leaves_no_temporary_file()
    {
        using var dir = new TestDirectory();
        var textfiles = dir.File("textfiles");
        Directory.CreateDirectory(textfiles);
        var target = Path.Combine(textfiles, "metrics.prom");
        using var storage = new LogStorage(target, overwrite: true);
        storage.Store(Batch(1));

        Directory.Delete(textfiles, recursive: true);
        Assert.Throws<DirectoryNotFoundException>(() => storage.Store(Batch(2)));
        Assert.Throws<DirectoryNotFoundException>(() => storage.Store(Batch(3)));

        Directory.CreateDirectory(textfiles);
        storage.Store(Batch(4));
        Assert.EndsWith("wca_test_value{task_id=\"t1\"} 4\n", File.ReadAllText(target));
        Assert.Equal(["metrics.prom"], Directory.GetFiles(textfiles).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_directory_fails_each_store_with_one_message_naming_the_target_not_the_temporary_file()
    {
        using var dir = new TestDirectory();
        var textfiles = dir.File("textfiles");
        Directory.CreateDirectory(textfiles);
        var target = Path.Combine(textfiles, "metrics.prom");
        using var storage = new LogStorage(target, overwrite: true);
        Directory.Delete(textfiles);

        var first = Assert.Throws<DirectoryNotFoundException>(() => storage.Store(Batch(1)));
        var second = Assert.Throws<DirectoryNotFoundException>(() => storage.Store(Batch(2)));
        Assert.Equal($"cannot replace '{target}': its directory '{textfiles}' does not exist", first.Message);
        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public void A_read_only_file_system_fails_each_store_with_one_message_naming_the_target()
    {
        using var dir = new TestDirectory();
        var textfiles = dir.File("textfiles");
        Directory.CreateDirectory(textfiles);
        Run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", textfiles);
        try
        {
            var target = Path.Combine(textfiles, "metrics.prom");
            using var storage = new LogStorage(target, overwrite: true);
            var first = Assert.ThrowsAny<IOException>(() => storage.Store(Batch(1)));
            var second = Assert.ThrowsAny<IOException>(() => storage.Store(Batch(2)));
            Assert.Equal($"cannot replace '{target}': Read-only file system", first.Message);
            Assert.Equal(first.Message, second.Message);

            using var appending = new LogStorage(target);
            var append = Assert.ThrowsAny<IOException>(() => appending.Store(Batch(1)));
            Assert.Contains($"'{target}'", append.Message);
            Assert.Contains("Read-only file system", append.Message);
        }
        finally
        {
            Run("umount", textfiles);
        }
    }

    /// <summary>Runs mount or umount and checks it worked.</summary>
    private static void Run(string program, params string[] rest)
    {
        using var p = Process.Start(new ProcessStartInfo(program, rest) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', rest)}: {error}");
    }

    [Fact]
    public void A_full_disk_under_stderr_fails_each_store_with_the_io_error()
    {
        // /dev/full: every write fails with ENOSPC, as stderr redirected to a full disk does.
        using var storage = new LogStorage(null, overwrite: false, includeTimestamp: null,
            () => new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));

        var first = Assert.ThrowsAny<IOException>(() => storage.Store(Batch(1)));
        Assert.Contains("No space left on device", first.Message);
        Assert.ThrowsAny<IOException>(() => storage.Store(Batch(2)));
    }
}
