using System.Diagnostics;

namespace Wca.Pipeline;

/// <summary>
/// Last and average wall duration of each iteration stage, exported as wca_duration_seconds and
/// wca_duration_seconds_avg. The list is open: a runner adds its own stages (detect, allocate) before the first
/// iteration; recording allocates nothing.
/// </summary>
public sealed class StageProfiler
{
    private string[] _names;
    private double[] _last;
    private double[] _total;
    private long[] _calls;

    public StageProfiler(params string[] stages)
    {
        _names = [.. stages];
        _last = new double[stages.Length];
        _total = new double[stages.Length];
        _calls = new long[stages.Length];
    }

    public int Count => _names.Length;

    public string Name(int stage) => _names[stage];

    /// <summary>Adds a stage (or finds one of that name); its index for <see cref="Record(int, long)"/>.</summary>
    public int Add(string name)
    {
        var existing = Array.IndexOf(_names, name);
        if (existing >= 0) return existing;
        var n = _names.Length;
        Array.Resize(ref _names, n + 1);
        Array.Resize(ref _last, n + 1);
        Array.Resize(ref _total, n + 1);
        Array.Resize(ref _calls, n + 1);
        _names[n] = name;
        return n;
    }

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
