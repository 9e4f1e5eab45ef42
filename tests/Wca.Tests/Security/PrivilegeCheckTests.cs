using Wca.Host.Security;

namespace Wca.Tests.Security;

public sealed class PrivilegeCheckTests
{
    private const ulong DacOverride = 1UL << 1, Setuid = 1UL << 7, Both = DacOverride | Setuid;

    private static (PrivilegeVerdict Verdict, string? Message) Check(uint uid, ulong caps, int? paranoid, bool allowRoot = false) =>
        PrivilegeCheck.Evaluate(new PrivilegeFacts(uid, caps, paranoid), allowRoot, "/usr/bin/wca");

    [Fact]
    public void Root_needs_the_root_flag()
    {
        var (verdict, message) = Check(0, ulong.MaxValue, 2);
        Assert.Equal(PrivilegeVerdict.RootNotAllowed, verdict);
        Assert.Contains("--root", message);
        Assert.Contains("-0", message);
        Assert.Equal(PrivilegeVerdict.Sufficient, Check(0, 0, 3, allowRoot: true).Verdict);
    }

    [Fact]
    public void Non_root_with_both_capabilities_and_paranoid_at_most_0_may_run()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, Both, 0));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(1000, Both, -1));
    }

    [Fact]
    public void A_missing_capability_is_named_with_the_setcap_command()
    {
        var (verdict, message) = Check(1000, DacOverride, 0);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Contains("CAP_SETUID", message);
        Assert.DoesNotContain("CAP_DAC_OVERRIDE", message);
        Assert.Contains("setcap cap_setuid+ep /usr/bin/wca", message);
        Assert.DoesNotContain("perf_event_paranoid", message);
        Assert.Contains("--root", message);
    }

    [Fact]
    public void Everything_missing_is_said_in_one_message()
    {
        var (verdict, message) = Check(1000, 0, 2);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Contains("CAP_DAC_OVERRIDE, CAP_SETUID", message);
        Assert.Contains("setcap cap_dac_override,cap_setuid+ep", message);
        Assert.Contains("kernel.perf_event_paranoid is 2", message);
        Assert.Contains("sysctl -w kernel.perf_event_paranoid=0", message);
    }

    [Fact]
    public void Paranoid_above_0_alone_is_insufficient_and_so_is_an_unreadable_file()
    {
        Assert.Equal(PrivilegeVerdict.Insufficient, Check(1000, Both, 1).Verdict);
        var (verdict, message) = Check(1000, Both, null);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Contains("perf_event_paranoid cannot be read", message);
    }
}
