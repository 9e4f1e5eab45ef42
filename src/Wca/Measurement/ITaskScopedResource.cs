using Wca.Api;

namespace Wca.Measurement;

/// <summary>
/// A resource of a whole task (<see cref="ITaskScopedResourceFactory"/>): collected once per iteration after the
/// per-cgroup resources were merged, so it appends to the task's merged sample; only for a task whose cgroups gave
/// values. Disposed when the task vanishes or the agent stops.
/// </summary>
internal interface ITaskScopedResource : ITaskResource
{
    /// <summary>The task's measured cgroups changed (a pod's containers came or went): follow them.</summary>
    void Follow(NodeTask task);
}
