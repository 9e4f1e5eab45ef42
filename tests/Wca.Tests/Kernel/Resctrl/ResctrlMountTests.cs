using System.Diagnostics;
using Wca.Kernel.Resctrl;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Kernel.Resctrl;

public sealed class ResctrlMountTests
{
    [Fact]
    public void Info_of_the_two_socket_stand_in_is_read_from_info_schemata_and_mon_data()
    {
        using var standIn = new ResctrlStandIn();
        var mount = standIn.Mount;
        Assert.True(mount.IsMounted);
        var info = ResctrlInfo.Read(mount, standIn.MountsFile, standIn.CpuinfoFile);
        Assert.True(info.CacheControl);
        Assert.False(info.CodeDataPrioritization);
        Assert.Equal("fffff", info.CbmMask);
        Assert.Equal(1, info.MinCbmBits);
        Assert.Equal("0", info.ShareableBits);
        Assert.Equal(16, info.L3Closids);
        Assert.True(info.MemoryBandwidthControl);
        Assert.Equal(10, info.BandwidthGranularity);
        Assert.Equal(10, info.MinBandwidth);
        Assert.True(info.DelayLinear);
        Assert.Equal(8, info.MbClosids);
        Assert.Equal(8, info.NumClosids);
        Assert.Equal(MemoryBandwidthUnit.Percent, info.MemoryBandwidthUnit);
        Assert.True(info.CacheMonitoring && info.MemoryBandwidthMonitoring && info.LocalMemoryBandwidthMonitoring);
        Assert.Equal(["llc_occupancy", "mbm_total_bytes", "mbm_local_bytes"], info.MonitoringFeatures);
        Assert.Equal(224, info.NumRmids);
        Assert.Equal([0, 1], info.L3Domains);
        Assert.Equal([0, 1], info.MbDomains);
        Assert.Equal(["mon_L3_00", "mon_L3_01"], info.MonitoringDomains);
    }

    [Fact]
    public void Mba_MBps_mount_option_and_AMD_vendor_give_the_bandwidth_unit()
    {
        using (var mbps = new ResctrlStandIn(new ResctrlStandInOptions { MbaMbps = true }))
            Assert.Equal(MemoryBandwidthUnit.MegabytesPerSecond, ResctrlInfo.Read(mbps.Mount, mbps.MountsFile, mbps.CpuinfoFile).MemoryBandwidthUnit);
        using var amd = new ResctrlStandIn(new ResctrlStandInOptions { CpuVendor = "AuthenticAMD" });
        var info = ResctrlInfo.Read(amd.Mount, amd.MountsFile, amd.CpuinfoFile);
        Assert.Equal(MemoryBandwidthUnit.EighthGigabytesPerSecond, info.MemoryBandwidthUnit);
        Assert.Equal(2048, info.MaxBandwidth);
    }

    [Fact]
    public void Only_MB_control_has_its_closids_and_no_cache_facts()
    {
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { CacheControl = false });
        var info = ResctrlInfo.Read(standIn.Mount, null, null);
        Assert.False(info.CacheControl);
        Assert.Null(info.CbmMask);
        Assert.Equal(8, info.NumClosids);
        Assert.Empty(info.L3Domains);
    }

    [Fact]
    public void Not_mounted_when_the_root_has_no_tasks_file()
    {
        using var dir = new TestSupport.TestDirectory();
        Assert.False(new ResctrlMount(dir.Path).IsMounted);
        Assert.False(new ResctrlMount(Path.Combine(dir.Path, "absent")).IsMounted);
    }

    [Fact]
    public void Groups_are_created_listed_and_removed_and_existing_ones_are_not_errors()
    {
        using var standIn = new ResctrlStandIn();
        var mount = standIn.Mount;
        Assert.True(mount.CreateControlGroup("c1"));
        Assert.False(mount.CreateControlGroup("c1"));
        Assert.True(File.Exists(Path.Combine(standIn.Root, "c1", "schemata")));
        Assert.True(File.Exists(Path.Combine(standIn.Root, "c1", "mon_data", "mon_L3_01", "mbm_local_bytes")));
        Assert.True(mount.CreateMonitoringGroup("c1", "m1"));
        Assert.True(mount.CreateMonitoringGroup("", "m0"));
        Assert.Equal(["c1"], mount.ControlGroups());
        Assert.Equal(["m1"], mount.MonitoringGroups("c1"));
        Assert.Equal(["m0"], mount.MonitoringGroups(""));
        Assert.True(mount.RemoveMonitoringGroup("", "m0"));
        Assert.False(mount.RemoveMonitoringGroup("", "m0"));
        Assert.True(mount.RemoveControlGroup("c1"));
        Assert.Empty(mount.ControlGroups());
        Assert.Throws<ArgumentException>(() => mount.CreateControlGroup("info"));
        Assert.Throws<ArgumentException>(() => mount.CreateControlGroup("a/b"));
    }

    [Fact]
    public void A_pid_moves_between_groups_exited_pids_are_tolerated_and_a_monitoring_group_needs_its_control_group()
    {
        using var standIn = new ResctrlStandIn();
        using var sleeper = Process.Start("sleep", "60");
        try
        {
            var mount = standIn.Mount;
            mount.CreateControlGroup("c1");
            mount.CreateMonitoringGroup("", "m0");
            mount.CreateMonitoringGroup("c1", "m1");
            var pid = sleeper.Id;
            Assert.True(mount.AddTask(mount.MonitoringGroupPath("", "m0"), pid));
            Assert.Equal([pid], mount.ReadTasks(mount.MonitoringGroupPath("", "m0")));
            Assert.Equal([pid], mount.ReadTasks(standIn.Root));
            // Not in c1 yet: the kernel refuses the monitoring group of another control group.
            var refused = Assert.Throws<ResctrlException>(() => mount.AddTask(mount.MonitoringGroupPath("c1", "m1"), pid));
            Assert.Equal(ResctrlErrno.Einval, refused.Errno);
            Assert.Equal("Can't move task to different control group", refused.Status);
            Assert.True(mount.AddTask(mount.ControlGroupPath("c1"), pid));
            Assert.Empty(mount.ReadTasks(mount.MonitoringGroupPath("", "m0")));
            Assert.Empty(mount.ReadTasks(standIn.Root));
            Assert.True(mount.AddTask(mount.MonitoringGroupPath("c1", "m1"), pid));
            Assert.Equal([pid], mount.ReadTasks(mount.MonitoringGroupPath("c1", "m1")));
            // Removing the control group moves its tasks back to the root.
            mount.RemoveControlGroup("c1");
            Assert.Equal([pid], mount.ReadTasks(standIn.Root));
            sleeper.Kill();
            sleeper.WaitForExit();
            Assert.False(mount.AddTask(standIn.Root, pid));
            Assert.Equal($"No task {pid}", mount.LastCommandStatus());
            Assert.Throws<ResctrlException>(() => mount.AddTask(Path.Combine(standIn.Root, "gone"), 1));
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
        }
    }

    [Theory]
    [InlineData("L3:0=1fffff", "Mask out of range")]
    [InlineData("L3:0=f0f", "The mask f0f has non-consecutive 1-bits")]
    [InlineData("L3:0=0", "Mask out of range")]
    [InlineData("L3:0=xyz", "Non-hex character in the mask xyz")]
    [InlineData("L3:0=f;0=f", "Duplicate domain 0")]
    [InlineData("L3:a=f", "Missing '=' or non-numeric domain")]
    [InlineData("MB:0=5", "MB value 5 out of range [10,100]")]
    [InlineData("MB:1=abc", "Non-decimal digit in MB value abc")]
    [InlineData("L2:0=f", "Unknown or unsupported resource name 'L2'")]
    public void Schemata_refused_by_the_kernel_throws_with_last_cmd_status(string line, string status)
    {
        using var standIn = new ResctrlStandIn();
        var mount = standIn.Mount;
        mount.CreateControlGroup("c1");
        var e = Assert.Throws<ResctrlException>(() => mount.WriteSchemata("c1", line));
        Assert.Equal(ResctrlErrno.Einval, e.Errno);
        Assert.Equal(status, e.Status);
        Assert.Contains(status, e.Message);
        Assert.Equal("L3:0=fffff;1=fffff\nMB:0=100;1=100\n", mount.ReadSchemata("c1"));
    }

    [Fact]
    public void Schemata_accepted_keeps_omitted_domains_rounds_bandwidth_and_prints_as_the_kernel()
    {
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { MinCbmBits = 2 });
        var mount = standIn.Mount;
        mount.CreateControlGroup("c1");
        mount.WriteSchemata("c1", "L3:1=ff");
        mount.WriteSchemata("c1", "MB:0=15");
        Assert.Equal("L3:0=fffff;1=000ff\nMB:0= 20;1=100\n", mount.ReadSchemata("c1"));
        Assert.Equal("ok", mount.LastCommandStatus());
        Assert.Equal("Need at least 2 bits in the mask", Assert.Throws<ResctrlException>(() => mount.WriteSchemata("c1", "L3:0=1")).Status);
        // A domain the resource does not have: EINVAL without a message of the kernel's.
        var unknown = Assert.Throws<ResctrlException>(() => mount.WriteSchemata("c1", "L3:2=ff"));
        Assert.Null(unknown.Status);
    }

    [Fact]
    public void Closids_and_rmids_run_out_with_ENOSPC()
    {
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { MbClosids = 3, NumRmids = 5 });
        var mount = standIn.Mount;
        mount.CreateControlGroup("c1");
        mount.CreateControlGroup("c2");
        var closids = Assert.Throws<ResctrlException>(() => mount.CreateControlGroup("c3"));
        Assert.True(closids.IsOutOfIds);
        Assert.Equal("Out of CLOSIDs", closids.Status);
        mount.CreateMonitoringGroup("", "m1");
        mount.CreateMonitoringGroup("c1", "m2");
        var rmids = Assert.Throws<ResctrlException>(() => mount.CreateMonitoringGroup("", "m3"));
        Assert.True(rmids.IsOutOfIds);
        Assert.Equal("Out of RMIDs", rmids.Status);
        mount.RemoveMonitoringGroup("", "m1");
        Assert.True(mount.CreateMonitoringGroup("", "m3"));
    }

    [Fact]
    public void Counters_are_summed_over_domains_and_Unavailable_is_no_value()
    {
        using var standIn = new ResctrlStandIn();
        var mount = standIn.Mount;
        var info = ResctrlInfo.Read(mount, null, null);
        mount.CreateMonitoringGroup("", "m");
        var group = mount.MonitoringGroupPath("", "m");
        standIn.SetCounter(group, 0, "llc_occupancy", "1000");
        standIn.SetCounter(group, 1, "llc_occupancy", "24");
        standIn.SetCounter(group, 0, "mbm_total_bytes", "5");
        standIn.SetCounter(group, 1, "mbm_total_bytes", "7");
        standIn.SetCounter(group, 0, "mbm_local_bytes", "Unavailable");
        standIn.SetCounter(group, 1, "mbm_local_bytes", "3");
        var files = mount.CounterFiles(group, info);
        Assert.True(mount.ReadCounters(files, out var counters, out _));
        Assert.Equal(new MonitoringCounters(1024, 12, null), counters);
        standIn.MbmTotalStepPerRead = 100;
        Assert.True(mount.ReadCounters(files, out counters, out _));
        Assert.Equal(212, counters.MbmTotalBytes);
        mount.RemoveMonitoringGroup("", "m");
        Assert.False(mount.ReadCounters(files, out _, out var errno));
        Assert.Equal(ResctrlErrno.Enoent, errno);
    }
}
