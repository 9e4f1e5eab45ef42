using Microsoft.Extensions.Time.Testing;
using Wca.Pipeline;

namespace Wca.Tests.Pipeline;

/// <summary>The shared iteration loop on a fake clock: the loop sleeps through the clock's timers, the test moves it.</summary>
public sealed class IterationLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>A fake clock that says when the loop starts a sleep, and for how long.</summary>
    private sealed class SleepWatchingClock : FakeTimeProvider
    {
        private readonly SemaphoreSlim _sleeps = new(0);

        public List<TimeSpan> Sleeps { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (Sleeps) Sleeps.Add(dueTime);
            _sleeps.Release();
            return timer;
        }

        /// <summary>Waits (bounded) until the loop sleeps, then moves the clock to the end of that sleep.</summary>
        public void WakeNextSleep()
        {
            Assert.True(_sleeps.Wait(Bounded), "the loop did not start a sleep within 10 s");
            TimeSpan due;
            lock (Sleeps) due = Sleeps[^1];
            Advance(due);
        }

        public void WaitForSleep() => Assert.True(_sleeps.Wait(Bounded), "the loop did not start a sleep within 10 s");
    }

    /// <summary>The loop on its own thread; Stop cancels it and checks that it ended.</summary>
    private sealed class RunningLoop : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private Exception? _failure;

        public RunningLoop(IterationLoop loop, Action<long> iteration)
        {
            Loop = loop;
            _thread = new Thread(() =>
            {
                try { loop.Run(iteration, _stop.Token); }
                catch (Exception e) { _failure = e; }
            }) { IsBackground = true };
            _thread.Start();
        }

        public IterationLoop Loop { get; }

        /// <summary>Cancels the loop; how long it took to end.</summary>
        public TimeSpan Stop()
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            _stop.Cancel();
            Assert.True(_thread.Join(Bounded), "the loop did not stop within 10 s of cancellation");
            Assert.Null(_failure);
            return started.Elapsed;
        }

        public void Dispose()
        {
            if (_thread.IsAlive) Stop();
            _stop.Dispose();
        }
    }

    private static IterationLoop Loop(TimeProvider clock) => new(Interval, clock, new StageProfiler(Stages.Names));

    [Fact]
    public void IterationsStartOneIntervalApartWhileTheBodyIsShort()
    {
        var clock = new SleepWatchingClock();
        var starts = new List<DateTimeOffset>();
        var overruns = new List<long>();
        using var running = new RunningLoop(Loop(clock), seen =>
        {
            lock (starts) { starts.Add(clock.GetUtcNow()); overruns.Add(seen); }
            clock.Advance(TimeSpan.FromSeconds(1)); // the body takes one second of the interval
        });

        for (var i = 0; i < 4; i++) clock.WakeNextSleep();
        clock.WaitForSleep(); // the fifth iteration has run and its sleep begun
        running.Stop();

        lock (starts)
        {
            Assert.Equal(5, starts.Count);
            for (var i = 1; i < starts.Count; i++) Assert.Equal(Interval, starts[i] - starts[i - 1]);
            Assert.All(overruns, o => Assert.Equal(0, o));
        }
        // Only the residual is slept: the interval less the body's second.
        lock (clock.Sleeps) Assert.All(clock.Sleeps, s => Assert.Equal(TimeSpan.FromSeconds(9), s));
        Assert.Equal(5, running.Loop.Iterations);
    }

    [Fact]
    public void AnIterationLongerThanTheIntervalStartsTheNextAtOnceAndCountsAnOverrun()
    {
        var clock = new SleepWatchingClock();
        var starts = new List<DateTimeOffset>();
        var overruns = new List<long>();
        using var running = new RunningLoop(Loop(clock), seen =>
        {
            int n;
            lock (starts) { starts.Add(clock.GetUtcNow()); overruns.Add(seen); n = starts.Count; }
            // The second iteration takes 15 s of a 10 s interval; the others 2 s.
            clock.Advance(n == 2 ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(2));
        });

        clock.WakeNextSleep(); // after the first iteration
        clock.WakeNextSleep(); // after the third: the second overran and slept not at all
        clock.WaitForSleep(); // the fourth has run
        running.Stop();

        lock (starts)
        {
            Assert.Equal(4, starts.Count);
            Assert.Equal(Interval, starts[1] - starts[0]);
            Assert.Equal(TimeSpan.FromSeconds(15), starts[2] - starts[1]); // at once after the overrun
            Assert.Equal(Interval, starts[3] - starts[2]); // the cadence resumes from the late start
            Assert.Equal([0L, 0L, 1L, 1L], overruns);
        }
        lock (clock.Sleeps) Assert.Equal([TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)], clock.Sleeps);
    }

    [Fact]
    public void CancellingStopsTheLoopDuringASleepPromptlyWithoutAdvancingTheClock()
    {
        var clock = new SleepWatchingClock();
        var iterations = 0;
        using var running = new RunningLoop(Loop(clock), _ => Interlocked.Increment(ref iterations));

        clock.WaitForSleep();
        var before = clock.GetUtcNow();
        var took = running.Stop();

        Assert.True(took < TimeSpan.FromSeconds(2), $"the loop took {took} to stop after cancellation");
        Assert.Equal(before, clock.GetUtcNow());
        Assert.Equal(1, Volatile.Read(ref iterations));
        Assert.Equal(1, running.Loop.Iterations);
    }
}
