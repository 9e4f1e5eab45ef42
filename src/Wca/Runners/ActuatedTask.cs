using Wca.Actuation;
using Wca.Api;
using Wca.Decision.Allocation;

namespace Wca.Runners;

/// <summary>
/// A task the allocation runner acts on: its actuator, and the target state it last reported, so that an unchanged
/// kernel state under an unchanged target is the same object every iteration (nothing made per task).
/// </summary>
internal sealed class ActuatedTask(ITaskActuator actuator) : IDisposable
{
    private TaskAllocation? _current, _target, _merged;

    public ITaskActuator Actuator { get; } = actuator;

    /// <summary><see cref="AllocationMerge.Merge"/> of the two, the last object when both are the last ones.</summary>
    public TaskAllocation Merged(TaskAllocation? current, TaskAllocation target)
    {
        if (_merged is not null && ReferenceEquals(current, _current) && ReferenceEquals(target, _target)) return _merged;
        (_current, _target) = (current, target);
        return _merged = AllocationMerge.Merge(current, target);
    }

    public void Dispose() => Actuator.Dispose();
}
