using System.Diagnostics;

namespace Wca.Pipeline;

/// <summary>
/// The iteration loop every runner shares: start an iteration every <c>interval</c> on the injected clock (only the
/// residual time is slept; an overrun starts the next at once and is counted), bound the agent's memory between
/// iterations, time the sleep, and stop when the stopping token is cancelled (also in the middle of a sleep).
/// </summary>
internal sealed class IterationLoop(TimeSpan interval, TimeProvider time, StageProfiler profiler)
{
    private readonly GarbageBound _memory = new();

    /// <summary>Iterations completed.</summary>
    public long Iterations { get; private set; }

    /// <summary>Runs <paramref name="iteration"/> (given the overrun count so far) until <paramref name="stopping"/> is cancelled.</summary>
    public void Run(Action<long> iteration, CancellationToken stopping)
    {
        var schedule = new IterationSchedule(interval, time);
        while (!stopping.IsCancellationRequested)
        {
            schedule.BeginIteration();
            iteration(schedule.Overruns);
            Iterations++;
            _memory.AfterIteration();
            var sleepStart = Stopwatch.GetTimestamp();
            var wait = schedule.Residual();
            if (wait > TimeSpan.Zero) Sleep(wait, stopping);
            profiler.Record(Stages.Sleep, sleepStart);
        }
    }

    private void Sleep(TimeSpan wait, CancellationToken stopping)
    {
        // The system clock: wait on the stop signal itself, which allocates nothing. Any other clock (a test's fake
        // one) through its own timers, so advancing it is what wakes the loop.
        if (ReferenceEquals(time, TimeProvider.System))
        {
            stopping.WaitHandle.WaitOne(wait);
            return;
        }
        try
        {
            Task.Delay(wait, time, stopping).Wait(CancellationToken.None);
        }
        catch (AggregateException e) when (e.InnerException is TaskCanceledException)
        {
        }
    }
}
