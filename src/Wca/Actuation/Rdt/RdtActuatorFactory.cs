using Wca.Api;

namespace Wca.Actuation.Rdt;

/// <summary>Makes every task's actuator an <see cref="RdtTaskActuator"/> around the cgroup one, sharing one <see cref="ResctrlControlGroups"/>.</summary>
/// <param name="inner">The cgroup actuators.</param>
/// <param name="groups">The runner's resctrl control groups.</param>
/// <param name="taskHierarchy">The cgroup hierarchy that lists a task's threads (CgroupLayout.TaskHierarchy).</param>
internal sealed class RdtActuatorFactory(ITaskActuatorFactory inner, ResctrlControlGroups groups, string? taskHierarchy) : ITaskActuatorFactory
{
    public ResctrlControlGroups Groups => groups;

    public ITaskActuator Create(NodeTask task) => new RdtTaskActuator(inner.Create(task), groups, taskHierarchy);
}
