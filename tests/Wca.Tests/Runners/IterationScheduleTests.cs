using Wca.Pipeline;

namespace Wca.Tests.Runners;

public sealed class IterationScheduleTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    [Fact]
    public void Sleeps_only_the_residual_time_of_the_interval()
    {
        var clock = new ManualClock();
        var schedule = new IterationSchedule(TimeSpan.FromSeconds(5), clock);
        schedule.BeginIteration();
        clock.Advance(TimeSpan.FromSeconds(1.25));
        Assert.Equal(TimeSpan.FromSeconds(3.75), schedule.Residual());
        Assert.Equal(0, schedule.Overruns);
    }

    [Fact]
    public void An_overrun_starts_the_next_iteration_at_once_and_is_counted()
    {
        var clock = new ManualClock();
        var schedule = new IterationSchedule(TimeSpan.FromSeconds(1), clock);
        schedule.BeginIteration();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.Zero, schedule.Residual());
        schedule.BeginIteration();
        clock.Advance(TimeSpan.FromSeconds(0.25));
        Assert.Equal(TimeSpan.FromSeconds(0.75), schedule.Residual());
        Assert.Equal(1, schedule.Overruns);
    }

    [Fact]
    public void Interval_zero_never_waits_and_counts_no_overruns()
    {
        var clock = new ManualClock();
        var schedule = new IterationSchedule(TimeSpan.Zero, clock);
        schedule.BeginIteration();
        clock.Advance(TimeSpan.FromMilliseconds(3));
        Assert.Equal(TimeSpan.Zero, schedule.Residual());
        Assert.Equal(0, schedule.Overruns);
    }
}
