namespace Wca.Measurement;

/// <summary>
/// Something a task owns for as long as it runs, for one of its cgroups: its open cgroup files, its perf event
/// groups (or, as an <see cref="ITaskScopedResource"/>, for the whole task: its resctrl group, its working set).
/// Opened when the task (or the pod's container) appears, synced and collected every iteration, disposed when it
/// vanishes or the agent stops.
/// </summary>
internal interface ITaskResource : IDisposable
{
    /// <summary>Short name for logs and wca_failure_count{component} (cgroup, perf, resctrl).</summary>
    string Name { get; }

    /// <summary>Every iteration before <see cref="Collect"/> (e.g. move the task's new pids into a group). Must not throw.</summary>
    void Sync();

    /// <summary>Appends this iteration's values to <paramref name="sample"/>; on failure adds nothing. Must not throw.</summary>
    CollectOutcome Collect(TaskSample sample);

    /// <summary>Why the last collection failed (<see cref="CollectOutcome.Failed"/>).</summary>
    string? Error { get; }
}
