namespace Wca.Pipeline;

/// <summary>
/// Keeps iterations on a steady cadence: each starts <c>interval</c> after the previous one started.
/// Only the residual time is slept; an iteration that overran starts the next at once and is counted.
/// </summary>
public sealed class IterationSchedule(TimeSpan interval, TimeProvider time)
{
    private long _start = time.GetTimestamp();

    public TimeSpan Interval { get; } = interval;

    /// <summary>Iterations that took longer than the interval.</summary>
    public long Overruns { get; private set; }

    /// <summary>Marks the start of an iteration.</summary>
    public void BeginIteration() => _start = time.GetTimestamp();

    /// <summary>Time elapsed since <see cref="BeginIteration"/>.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    /// <summary>How long to wait before the next iteration; zero (and counted) after an overrun.</summary>
    public TimeSpan Residual()
    {
        var left = Interval - Elapsed;
        if (left > TimeSpan.Zero) return left;
        if (Interval > TimeSpan.Zero) Overruns++;
        return TimeSpan.Zero;
    }
}
