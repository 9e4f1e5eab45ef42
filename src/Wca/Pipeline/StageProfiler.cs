using System.Diagnostics;

namespace Wca.Pipeline;

/// <summary>
/// Last and average wall duration of each iteration stage, exported as wca_duration_seconds and
/// wca_duration_seconds_avg. Stages are fixed at construction so recording allocates nothing.
/// </summary>
public sealed class StageProfiler
{
    private readonly string[] _names;
    private readonly double[] _last;
    private readonly double[] _total;
    private readonly long[] _calls;

    public StageProfiler(params string[] stages)
    {
        _names = stages;
        _last = new double[stages.Length];
        _total = new double[stages.Length];
        _calls = new long[stages.Length];
    }

    public int Count => _names.Length;

    public string Name(int stage) => _names[stage];

    /// <summary>Records a stage that started at <paramref name="startTimestamp"/> (Stopwatch ticks).</summary>
    public void Record(int stage, long startTimestamp) => Record(stage, Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    public void Record(int stage, double seconds)
    {
        _last[stage] = seconds;
        _total[stage] += seconds;
        _calls[stage]++;
    }

    public bool WasMeasured(int stage) => _calls[stage] > 0;
    public double Last(int stage) => _last[stage];
    public double Average(int stage) => _calls[stage] == 0 ? 0 : _total[stage] / _calls[stage];
}
