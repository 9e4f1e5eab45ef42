using Wca.Api;

namespace Wca.Actuation;

/// <summary>Makes the <see cref="ITaskActuator"/> of a task; one per runner (tests give their own).</summary>
internal interface ITaskActuatorFactory
{
    /// <summary>The actuator of <paramref name="task"/> (its cgroup path and sub-cgroups). Touches no file: reads happen in ReadCurrent and Apply.</summary>
    ITaskActuator Create(NodeTask task);

    /// <summary>Before the iteration's <see cref="ITaskActuator.ReadCurrent"/> calls (e.g. learn which files were written since the last).</summary>
    void BeginIteration()
    {
    }
}
