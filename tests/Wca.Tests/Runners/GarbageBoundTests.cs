using Wca.Pipeline;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>Allocation counts are process-wide: run alone.</summary>
[Collection(SerialCollection.Name)]
public sealed class GarbageBoundTests
{
    [Fact]
    public void CollectsOnlyOnceTheThresholdWasAllocated()
    {
        var bound = new GarbageBound(threshold: 1 << 20);
        Assert.False(bound.AfterIteration());

        var keep = new List<byte[]>();
        for (var i = 0; i < 40; i++) keep.Add(new byte[64 * 1024]); // 2.5 MB
        Assert.True(bound.AfterIteration());
        Assert.Equal(1, bound.Collections);
        Assert.False(bound.AfterIteration()); // counting restarts after a collection
        GC.KeepAlive(keep);
    }
}
