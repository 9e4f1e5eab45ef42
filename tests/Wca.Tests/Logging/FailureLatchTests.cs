using Wca.Host.Logging;

namespace Wca.Tests.Logging;

public class FailureLatchTests
{
    [Fact]
    public void A_repeating_failure_is_reported_once_and_its_end_once()
    {
        var latch = new FailureLatch();
        Assert.False(latch.Clear());
        Assert.True(latch.Fail("connection refused"));
        Assert.False(latch.Fail("connection refused"));
        Assert.False(latch.Fail("connection refused"));
        Assert.True(latch.IsFailing);
        Assert.True(latch.Clear(out var repeats));
        Assert.Equal(3, repeats);
        Assert.False(latch.Clear());
        Assert.False(latch.IsFailing);
    }

    [Fact]
    public void A_different_failure_is_reported_again()
    {
        var latch = new FailureLatch();
        Assert.True(latch.Fail("timeout"));
        Assert.True(latch.Fail("connection refused"));
        Assert.False(latch.Fail("connection refused"));
        Assert.Equal("connection refused", latch.Current);
    }
}
