using System.Text;
using Wca.Kernel;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Kernel;

public sealed class KernelFileTests
{
    private static string Text(KernelFile file)
    {
        var n = file.Read(out var content);
        Assert.True(n >= 0, $"read failed: errno {-n}");
        Assert.Equal(n, content.Length);
        return Encoding.ASCII.GetString(content);
    }

    [Fact]
    public void Regular_file_is_read_whole_and_re_read_from_the_start()
    {
        using var dir = new TestDirectory();
        var path = dir.Write("value", "12345\n");
        using var file = KernelFile.TryOpen(path, 64)!;
        Assert.Equal("12345\n", Text(file));
        File.WriteAllText(path, "7\n"); // same inode, shorter content
        Assert.Equal("7\n", Text(file));
    }

    [Fact]
    public void Proc_file_gives_fresh_content_on_every_read()
    {
        using var file = KernelFile.TryOpen("/proc/self/stat", 16)!;
        var first = Text(file);
        Assert.StartsWith(Environment.ProcessId + " (", first);
        Thread.SpinWait(50_000_000);
        // utime/stime (fields 14, 15) move while this thread spins: the kernel regenerates the text at offset 0.
        var second = Text(file);
        Assert.StartsWith(Environment.ProcessId + " (", second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Content_growing_past_the_initial_buffer_is_read_whole_and_then_without_allocating()
    {
        using var dir = new TestDirectory();
        var path = dir.Write("grow", "short\n");
        using var file = KernelFile.TryOpen(path, 16)!;
        Assert.Equal("short\n", Text(file));
        var longer = string.Concat(Enumerable.Range(0, 2000).Select(i => $"key{i} {i}\n"));
        File.WriteAllText(path, longer);
        Assert.Equal(longer, Text(file));

        file.Read(out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) file.Read(out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Missing_file_does_not_open_and_says_why()
    {
        Assert.Null(KernelFile.TryOpen("/nonexistent/wca-test/file", 64, out var errno));
        Assert.Equal(2, errno); // ENOENT
    }

    [Fact]
    public void Removed_cgroup_file_answers_ENODEV_and_reopens_when_the_cgroup_is_created_anew()
    {
        using var cg = TestCgroup.Create("enodev");
        var dir = cg.Layout.Cpuacct ?? cg.Layout.Unified!;
        var cgroupDir = dir + cg.CgroupPath;
        var name = cg.Layout.Cpuacct is null ? "cpu.stat" : "cpuacct.usage";
        using var file = KernelFile.TryOpen(Path.Combine(cgroupDir, name), 64)!;
        Assert.NotEmpty(Text(file));

        foreach (var d in cg.Directories) Directory.Delete(d);
        Assert.Equal(-19, file.Read(out var nothing)); // -ENODEV
        Assert.True(nothing.IsEmpty);
        Assert.Equal(-2, file.Reopen()); // gone: ENOENT
        Assert.Equal(-2, file.Read(out _));

        foreach (var d in cg.Directories) Directory.CreateDirectory(d);
        Assert.Equal(0, file.Reopen());
        Assert.NotEmpty(Text(file));
    }
}
