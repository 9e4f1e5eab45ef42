namespace Wca.Measurement;

/// <summary>
/// Measures one task from one subsystem (cgroups now; perf and resctrl later). Opened when the task
/// first appears, disposed when it vanishes: it may keep file descriptors open between iterations.
/// </summary>
public interface ITaskMeasurementSource : IDisposable
{
    /// <summary>
    /// Appends this iteration's values to <paramref name="sample"/>. Returns false when the task's
    /// cgroup has disappeared (the runner drops the task for this iteration with one warning).
    /// Must not throw for a vanished cgroup or garbage file content.
    /// </summary>
    bool Collect(TaskSample sample);
}
