using Wca.Host.Security;

namespace Wca.Tests.Security;

public sealed class PrivilegeCheckTests
{
    private const ulong DacOverride = 1UL << 1, Setuid = 1UL << 7, SysAdmin = 1UL << 21, Perfmon = 1UL << 38, Both = DacOverride | Setuid;
    private const PrivilegeNeeds All = PrivilegeNeeds.PerfEvents | PrivilegeNeeds.CgroupWrites | PrivilegeNeeds.Resctrl;

    private static readonly Dictionary<PrivilegeNeeds, string> Causes = new()
    {
        [PrivilegeNeeds.PerfEvents] = "event_names: instructions, cycles",
        [PrivilegeNeeds.CgroupWrites] = "allocator: StaticAllocator",
        [PrivilegeNeeds.Resctrl] = "rdt_enabled: true",
    };

    private static (PrivilegeVerdict Verdict, string? Message) Check(uint uid, ulong caps, int? paranoid, PrivilegeNeeds needs, bool allowRoot = false) =>
        PrivilegeCheck.Evaluate(new PrivilegeFacts(uid, caps, paranoid), needs, allowRoot, "/usr/bin/wca", Causes);

    [Fact]
    public void Root_needs_the_root_flag_whatever_the_configuration_needs()
    {
        foreach (var needs in new[] { PrivilegeNeeds.None, All })
        {
            var (verdict, message) = Check(0, ulong.MaxValue, 2, needs);
            Assert.Equal(PrivilegeVerdict.RootNotAllowed, verdict);
            Assert.Contains("--root", message);
            Assert.Contains("-0", message);
            Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(0, 0, 3, needs, allowRoot: true));
        }
    }

    [Fact]
    public void Measurement_without_perf_needs_no_privilege_at_all()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(65534, 0, 3, PrivilegeNeeds.None));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(65534, 0, null, PrivilegeNeeds.None));
    }

    [Fact]
    public void Perf_events_are_allowed_by_paranoid_at_most_0_or_CAP_PERFMON_or_CAP_SYS_ADMIN()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, 0, 0, PrivilegeNeeds.PerfEvents));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, 0, -1, PrivilegeNeeds.PerfEvents));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, Perfmon, 2, PrivilegeNeeds.PerfEvents));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, SysAdmin, 3, PrivilegeNeeds.PerfEvents));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, Perfmon, null, PrivilegeNeeds.PerfEvents));
        // The resctrl capabilities do not lift perf_event_paranoid.
        Assert.Equal(PrivilegeVerdict.Insufficient, Check(1000, Both, 1, PrivilegeNeeds.PerfEvents).Verdict);
    }

    [Fact]
    public void Perf_events_with_paranoid_above_0_name_the_setting_the_sysctl_and_the_capability()
    {
        var (verdict, message) = Check(1000, Both, 2, PrivilegeNeeds.PerfEvents);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Equal("Insufficient privileges for uid 1000: perf events (event_names: instructions, cycles) need kernel.perf_event_paranoid <= 0 "
            + "(now 2) or CAP_PERFMON: run `sysctl -w kernel.perf_event_paranoid=0` or `setcap cap_perfmon+ep /usr/bin/wca`. "
            + "Alternatively run as root with --root.", message);
    }

    [Fact]
    public void Perf_events_with_an_unreadable_paranoid_file_say_so()
    {
        var (verdict, message) = Check(1000, Both, null, PrivilegeNeeds.PerfEvents);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Contains("perf_event_paranoid cannot be read", message);
        Assert.Contains("CAP_PERFMON", message);
    }

    [Fact]
    public void Cgroup_writes_need_CAP_DAC_OVERRIDE_only()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, DacOverride, 2, PrivilegeNeeds.CgroupWrites));
        var (verdict, message) = Check(1000, Setuid, 0, PrivilegeNeeds.CgroupWrites);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Equal("Insufficient privileges for uid 1000: cgroup writes (allocator: StaticAllocator) need CAP_DAC_OVERRIDE: grant it with "
            + "`setcap cap_dac_override+ep /usr/bin/wca` or AmbientCapabilities=CAP_DAC_OVERRIDE in the systemd unit. "
            + "Alternatively run as root with --root.", message);
    }

    [Fact]
    public void Resctrl_needs_CAP_DAC_OVERRIDE_and_CAP_SETUID_and_names_only_the_missing_one()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, Both, 2, PrivilegeNeeds.Resctrl));
        var (verdict, message) = Check(1000, DacOverride, 0, PrivilegeNeeds.Resctrl);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Contains("resctrl (rdt_enabled: true) needs CAP_SETUID", message);
        Assert.DoesNotContain("CAP_DAC_OVERRIDE", message);
        Assert.Contains("setcap cap_setuid+ep /usr/bin/wca", message);
        Assert.DoesNotContain("perf_event_paranoid", message);
        Assert.Contains("--root", message);

        var (_, neither) = Check(1000, 0, 0, PrivilegeNeeds.Resctrl);
        Assert.Contains("resctrl (rdt_enabled: true) needs CAP_DAC_OVERRIDE, CAP_SETUID: grant them with `setcap cap_dac_override,cap_setuid+ep /usr/bin/wca`", neither);
        Assert.Contains("AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SETUID", neither);
    }

    [Fact]
    public void Everything_missing_is_said_in_one_message_each_privilege_with_what_needs_it()
    {
        var (verdict, message) = Check(1000, 0, 2, All);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Equal("Insufficient privileges for uid 1000: "
            + "perf events (event_names: instructions, cycles) need kernel.perf_event_paranoid <= 0 (now 2) or CAP_PERFMON: "
            + "run `sysctl -w kernel.perf_event_paranoid=0` or `setcap cap_perfmon+ep /usr/bin/wca`; "
            + "cgroup writes (allocator: StaticAllocator) need CAP_DAC_OVERRIDE; "
            + "resctrl (rdt_enabled: true) needs CAP_DAC_OVERRIDE, CAP_SETUID: grant them with `setcap cap_dac_override,cap_setuid+ep /usr/bin/wca` "
            + "or AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SETUID in the systemd unit (setcap replaces the file's capabilities: "
            + "to grant CAP_PERFMON that way too, list cap_perfmon in the same command). "
            + "Alternatively run as root with --root.", message);
    }

    [Fact]
    public void Each_combination_is_sufficient_exactly_when_every_need_is_met()
    {
        var credentials = new (ulong Caps, int? Paranoid)[] { (0, 2), (0, 0), (Perfmon, 2), (DacOverride, 2), (Setuid, 0), (Both, 2), (Both, 0), (Both | Perfmon, null) };
        for (var needs = PrivilegeNeeds.None; needs <= All; needs++)
        {
            foreach (var (caps, paranoid) in credentials)
            {
                var perf = !needs.HasFlag(PrivilegeNeeds.PerfEvents) || paranoid <= 0 || (caps & Perfmon) != 0;
                var cgroups = !needs.HasFlag(PrivilegeNeeds.CgroupWrites) || (caps & DacOverride) != 0;
                var resctrl = !needs.HasFlag(PrivilegeNeeds.Resctrl) || (caps & Both) == Both;
                var (verdict, message) = Check(1000, caps, paranoid, needs);
                Assert.True((perf && cgroups && resctrl) == (verdict == PrivilegeVerdict.Sufficient), $"{needs} caps=0x{caps:x} paranoid={paranoid}: {message}");
                Assert.Equal(!perf, message?.Contains("perf events (event_names: instructions, cycles) need") ?? false);
                Assert.Equal(!cgroups, message?.Contains("cgroup writes (allocator: StaticAllocator) need CAP_DAC_OVERRIDE") ?? false);
                Assert.Equal(!resctrl, message?.Contains("resctrl (rdt_enabled: true) needs CAP_") ?? false);
            }
        }
    }

    [Fact]
    public void A_need_without_a_cause_is_named_alone()
    {
        var (_, message) = PrivilegeCheck.Evaluate(new PrivilegeFacts(1000, 0, 2), PrivilegeNeeds.PerfEvents, false, "/usr/bin/wca");
        Assert.StartsWith("Insufficient privileges for uid 1000: perf events need kernel.perf_event_paranoid <= 0 (now 2)", message);
    }
}
