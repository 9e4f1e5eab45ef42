using Wca.Host;
using Wca.Host.Security;
using Wca.Measurement.Wss;
using Wca.Runners;

namespace Wca.Tests.Measurement.Wss;

/// <summary>The stability state machine of the working-set estimate (later-versions.md §4.8), without files.</summary>
public sealed class WssStabilityTests
{
    private const long Traffic = 1_000_000_000; // x 0.01 = growth under 10 MB counts as stable

    [Fact]
    public void The_first_cycle_has_no_base_then_stable_cycles_count_and_the_estimate_is_first_plus_current_over_two()
    {
        var s = new WssStability(stableCycles: -3, membwThreshold: 0.01, resetOnStable: false);
        Assert.False(s.Observe(100e6, Traffic)); // no previous referenced value: not judged
        Assert.Equal(0, s.StableCycles);
        Assert.False(s.Observe(101e6, Traffic)); // +1 MB < 10 MB: stable, 101 MB remembered
        Assert.Equal(1, s.StableCycles);
        Assert.Null(s.WorkingSetSize);
        Assert.False(s.Observe(105e6, Traffic));
        Assert.Equal(2, s.StableCycles);
        Assert.Null(s.WorkingSetSize);
        Assert.False(s.Observe(109e6, Traffic)); // the third: the estimate
        Assert.Equal((101e6 + 109e6) / 2, s.WorkingSetSize);

        // Made once per row: later cycles are not judged (no reset restarted tracking), the estimate is kept.
        Assert.False(s.Observe(500e6, Traffic));
        Assert.False(s.Observe(20e6, null));
        Assert.Equal((101e6 + 109e6) / 2, s.WorkingSetSize);
    }

    [Fact]
    public void Positive_stable_cycles_with_reset_on_stable_ask_for_a_reset_once_stable_and_tracking_restarts_after_it()
    {
        var s = new WssStability(stableCycles: 2, membwThreshold: 0.01, resetOnStable: true);
        Assert.False(s.Observe(100e6, Traffic));
        Assert.False(s.Observe(100e6, Traffic));
        Assert.True(s.Observe(102e6, Traffic));
        Assert.Equal(101e6, s.WorkingSetSize);
        s.Restart();
        Assert.Equal(0, s.StableCycles);
        // After the reset the referenced bytes start low: that first cycle has no base, the estimate stays.
        Assert.False(s.Observe(5e6, Traffic));
        Assert.Equal(0, s.StableCycles);
        Assert.Equal(101e6, s.WorkingSetSize);
        Assert.False(s.Observe(6e6, Traffic));
        Assert.True(s.Observe(6e6, Traffic));
        Assert.Equal(6e6, s.WorkingSetSize);
    }

    [Fact]
    public void Negative_stable_cycles_never_ask_for_a_reset_nor_does_a_cyclic_reset_mode()
    {
        var negative = new WssStability(stableCycles: -2, membwThreshold: 0.01, resetOnStable: true);
        var cyclic = new WssStability(stableCycles: 2, membwThreshold: 0.01, resetOnStable: false);
        foreach (var s in new[] { negative, cyclic })
        {
            for (var i = 0; i < 6; i++) Assert.False(s.Observe(100e6, Traffic));
            Assert.Equal(100e6, s.WorkingSetSize);
        }
    }

    [Fact]
    public void A_drop_of_2_percent_is_tolerated_as_no_growth_and_a_3_percent_drop_breaks_the_row()
    {
        var s = new WssStability(stableCycles: -5, membwThreshold: 0.01, resetOnStable: false);
        s.Observe(100e6, Traffic);
        s.Observe(100e6, Traffic);
        Assert.Equal(1, s.StableCycles);
        s.Observe(98e6, Traffic); // -2 %: stable
        Assert.Equal(2, s.StableCycles);
        s.Observe(95.06e6, Traffic); // -3 % of 98 MB: the row breaks
        Assert.Equal(0, s.StableCycles);
        s.Observe(95.5e6, Traffic); // a new row, remembering 95.5 MB
        Assert.Equal(1, s.StableCycles);
        for (var i = 0; i < 4; i++) s.Observe(96e6, Traffic);
        Assert.Equal((95.5e6 + 96e6) / 2, s.WorkingSetSize);
    }

    [Fact]
    public void Growth_at_or_above_the_bandwidth_share_breaks_the_row_and_no_traffic_is_never_stable()
    {
        var s = new WssStability(stableCycles: -2, membwThreshold: 0.01, resetOnStable: false);
        s.Observe(100e6, Traffic);
        s.Observe(101e6, Traffic);
        Assert.Equal(1, s.StableCycles);
        s.Observe(111e6, Traffic); // +10 MB = 1 GB x 0.01: not below it
        Assert.Equal(0, s.StableCycles);
        s.Observe(111e6, 0); // no growth, but no traffic either: 0 < 0 is false
        Assert.Equal(0, s.StableCycles);
        Assert.Null(s.WorkingSetSize);
    }

    [Fact]
    public void A_cycle_without_a_bandwidth_reading_is_not_judged_and_moves_the_base()
    {
        var s = new WssStability(stableCycles: -2, membwThreshold: 0.01, resetOnStable: false);
        s.Observe(100e6, Traffic);
        s.Observe(100e6, Traffic);
        Assert.Equal(1, s.StableCycles);
        s.Observe(300e6, null); // e.g. the task's monitoring group was made again: no delta this cycle
        Assert.Equal(1, s.StableCycles);
        s.Observe(301e6, Traffic); // judged against 300 MB, not 100 MB
        Assert.Equal((100e6 + 301e6) / 2, s.WorkingSetSize);
    }

    [Fact]
    public void Reset_on_stable_needs_the_clear_refs_privilege_and_names_its_keys_and_checking_only_does_not()
    {
        var onStable = new MeasurementRunner(AgentServices.ForTests()) { WssResetCycles = 0, WssStableCycles = 3, WssMembwThreshold = 0.01 };
        Assert.Equal(PrivilegeNeeds.ProcessMemoryReads | PrivilegeNeeds.ReferencedBitsResets, onStable.PrivilegeNeeds);
        Assert.Equal("wss_reset_cycles: 0 and wss_stable_cycles: 3", onStable.PrivilegeCause(PrivilegeNeeds.ReferencedBitsResets));
        var checking = new MeasurementRunner(AgentServices.ForTests()) { WssResetCycles = 0, WssStableCycles = -3, WssMembwThreshold = 0.01 };
        Assert.Equal(PrivilegeNeeds.ProcessMemoryReads, checking.PrivilegeNeeds);
    }
}
