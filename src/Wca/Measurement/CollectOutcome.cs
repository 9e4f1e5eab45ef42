namespace Wca.Measurement;

/// <summary>What one collection of a task resource gave.</summary>
internal enum CollectOutcome
{
    /// <summary>Values were added.</summary>
    Ok,

    /// <summary>The cgroup is gone (the task ended, or not yet started): nothing to report, nothing wrong.</summary>
    Gone,

    /// <summary>The resource is broken (<see cref="ITaskResource.Error"/> says why); the task's other resources still count.</summary>
    Failed,
}
