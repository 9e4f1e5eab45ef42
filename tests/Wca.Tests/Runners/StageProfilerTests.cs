using Wca.Pipeline;

namespace Wca.Tests.Runners;

public sealed class StageProfilerTests
{
    [Fact]
    public void Reports_last_and_average_per_stage_and_nothing_for_unmeasured_stages()
    {
        var profiler = new StageProfiler("iteration", "sleep");
        profiler.Record(0, 0.5);
        profiler.Record(0, 1.5);
        Assert.True(profiler.WasMeasured(0));
        Assert.False(profiler.WasMeasured(1));
        Assert.Equal(1.5, profiler.Last(0));
        Assert.Equal(1.0, profiler.Average(0));
    }
}
