using Wca.Api;
using Wca.Api.Configuration;

namespace Wca.Decision;

/// <summary>An allocator that changes nothing: the allocation runner then only reports the current allocations.</summary>
[WcaComponent]
public sealed class NOPAllocator : IAllocator
{
    /// <inheritdoc/>
    public AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks) => AllocationResult.None;
}
