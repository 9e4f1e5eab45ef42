using System.Runtime.InteropServices;
using Wca.Kernel;
using Wca.Kernel.Perf;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Kernel.Perf;

/// <summary>perf_event_open groups on real cgroups; serial: they count the process's open descriptors.</summary>
[Collection(SerialCollection.Name)]
public sealed class PerfEventGroupTests
{
    // PERF_COUNT_SW_TASK_CLOCK = 1, PERF_COUNT_SW_CONTEXT_SWITCHES = 3 (include/uapi/linux/perf_event.h).
    private static readonly PerfEventAttr[] Software =
    [
        PerfEventAttr.Counting(PerfEventType.Software, 1),
        PerfEventAttr.Counting(PerfEventType.Software, 3),
    ];

    private static readonly string[] SoftwareNames = ["task_clock", "context_switches"];

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, out RUsage usage);

    private static TimeSpan ResourceUsageOfThisThread()
    {
        GetRUsage(1, out var u); // RUSAGE_THREAD
        return TimeSpan.FromMicroseconds((u.UserSeconds + u.SystemSeconds) * 1_000_000.0 + u.UserMicroseconds + u.SystemMicroseconds);
    }

    [Fact]
    public void The_attr_is_the_kernels_full_struct_with_the_documented_offsets()
    {
        Assert.Equal(136, Marshal.SizeOf<PerfEventAttr>());
        Assert.Equal(0, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Type)));
        Assert.Equal(8, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Config)));
        Assert.Equal(32, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.ReadFormat)));
        Assert.Equal(40, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Config1)));
        Assert.Equal(64, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Config2)));
        Assert.Equal(128, (int)Marshal.OffsetOf<PerfEventAttr>(nameof(PerfEventAttr.Config3)));
        var attr = PerfEventAttr.Counting(PerfEventType.Raw, 0x140014A3, 0x3FB84008417);
        Assert.Equal(136u, attr.Size);
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<PerfEventAttr>(in attr));
        Assert.Equal(4u, BitConverter.ToUInt32(bytes[..4]));
        Assert.Equal(0x140014A3UL, BitConverter.ToUInt64(bytes[8..16]));
        Assert.Equal(0x3FB84008417UL, BitConverter.ToUInt64(bytes[56..64]));
        Assert.Equal(0xFUL, (ulong)PerfEventGroup.GroupFormat);
        Assert.Equal(0x100000UL, (ulong)PerfAttrFlags.ExcludeGuest);
    }

    [Fact]
    public void A_group_on_this_process_counts_task_clock_in_one_read()
    {
        using var group = PerfEventGroup.OpenForProcess(0, -1, Software, SoftwareNames);
        Assert.Equal(2, group.Count);
        var cpuBefore = ResourceUsageOfThisThread();
        var spin = DateTime.UtcNow.AddMilliseconds(100);
        while (DateTime.UtcNow < spin) { }
        Span<ulong> buffer = stackalloc ulong[group.ReadWords];
        Assert.True(group.TryRead(buffer, out var reading, out var errno), $"errno {errno}");
        var spent = ResourceUsageOfThisThread() - cpuBefore;
        Assert.Equal(2, reading.Count);
        Assert.True(reading.TimeEnabled > 0);
        // pid 0 = this thread: its task clock is the thread's own CPU time (getrusage(RUSAGE_THREAD) granularity).
        Assert.InRange((double)reading.Value(0), spent.TotalNanoseconds * 0.8 - 5e6, spent.TotalNanoseconds * 1.2 + 5e6);
        Assert.NotEqual(reading.Id(0), reading.Id(1));
    }

    [Fact]
    public void A_group_counts_a_cgroup_per_cpu_and_closes_its_descriptors()
    {
        using var cg = TestCgroup.Create("perf");
        cg.StartStressNg("--cpu", "1", "--cpu-load", "100", "--timeout", "60");
        var dir = cg.Layout.PerfEvent ?? cg.Layout.Unified!;
        var cgroupFd = Posix.Open(Wca.Kernel.Cgroups.CgroupLayout.Join(dir, cg.CgroupPath), Posix.ReadOnly);
        Assert.True(cgroupFd >= 0, $"open cgroup dir: {cgroupFd}");
        try
        {
            var before = FileDescriptorLimit.OpenCount();
            var cpus = Environment.ProcessorCount;
            var groups = Enumerable.Range(0, cpus).Select(cpu => PerfEventGroup.OpenForCgroup(cgroupFd, cpu, Software, SoftwareNames)).ToArray();
            Assert.Equal(before + 2 * cpus, FileDescriptorLimit.OpenCount());
            Thread.Sleep(1000);
            var buffer = new ulong[groups[0].ReadWords];
            ulong clock = 0;
            foreach (var g in groups)
            {
                Assert.True(g.TryRead(buffer, out var reading, out var errno), $"errno {errno}");
                clock += reading.Value(0);
            }
            // Exact agreement with the cgroup's CPU time is the measurement tests' business (PerfCountersTests).
            Assert.True(clock > 50_000_000UL, $"task_clock of a busy cgroup over 1 s: {clock} ns");
            foreach (var g in groups) g.Dispose();
            Assert.Equal(before, FileDescriptorLimit.OpenCount());
        }
        finally
        {
            Posix.Close(cgroupFd);
        }
    }

    [Fact]
    public void An_unsupported_member_names_itself_and_leaves_nothing_open()
    {
        // Every event here is software but one: a config no software PMU has (PERF_COUNT_SW_MAX is below 100).
        PerfEventAttr[] attrs = [Software[0], PerfEventAttr.Counting(PerfEventType.Software, 100)];
        var before = FileDescriptorLimit.OpenCount();
        var e = Assert.Throws<PerfEventException>(() => PerfEventGroup.OpenForProcess(0, -1, attrs, ["task_clock", "bogus"]));
        Assert.Equal("bogus", e.EventName);
        Assert.Equal(1, e.EventIndex);
        Assert.True(e.Errno is 2 or 22 or 95, $"errno {e.Errno}");
        Assert.Contains("bogus", e.Message);
        Assert.Equal(before, FileDescriptorLimit.OpenCount());
    }
}
