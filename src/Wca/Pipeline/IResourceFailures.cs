using Wca.Measurement;
using Wca.Host.Logging;

namespace Wca.Pipeline;

/// <summary>Where a task's failing resources are reported (logged once per distinct failure and counted).</summary>
internal interface IResourceFailures
{
    /// <summary><paramref name="resource"/> of <paramref name="task"/> failed (its <see cref="ITaskResource.Error"/> says why).</summary>
    void Failed(TaskContainer task, ITaskResource resource, FailureLatch latch);

    /// <summary><paramref name="resource"/> works again after failing.</summary>
    void Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch);
}
