using Wca.Api;

namespace Wca.Measurement;

/// <summary>
/// Makes one kind of <see cref="ITaskScopedResource"/>: one per task, whatever its cgroups (a pod has one resctrl
/// group and one working set for all its containers); registered once per runner, collected in registration order.
/// </summary>
internal interface ITaskScopedResourceFactory
{
    /// <summary>The resource of a task that appeared, or null when this kind has nothing to measure for it.</summary>
    ITaskScopedResource? Open(NodeTask task);

    /// <summary>Every iteration after the tasks were synced (new ones opened, vanished ones disposed), before any is collected.</summary>
    void BeginIteration();
}
