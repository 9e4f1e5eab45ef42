using Wca.Measurement;
using Wca.Measurement.Cgroups;

namespace Wca.Pipeline;

/// <summary>A task cgroup's kept-open files (<see cref="ITaskMeasurementSource"/>) as a task resource.</summary>
internal sealed class CgroupTaskResource(ITaskMeasurementSource source) : ITaskResource
{
    public string Name => "cgroup";

    public string? Error { get; private set; }

    public void Sync()
    {
    }

    public CollectOutcome Collect(TaskSample sample)
    {
        var start = sample.Count;
        try
        {
            return source.Collect(sample) ? CollectOutcome.Ok : CollectOutcome.Gone;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            sample.Truncate(start);
            Error = e.Message;
            return CollectOutcome.Failed;
        }
    }

    public void Dispose() => source.Dispose();

    /// <summary>Opens the cgroup files of each task cgroup.</summary>
    public sealed class Factory(CgroupMeasurementFactory cgroups) : ITaskResourceFactory
    {
        public ITaskResource? Open(string cgroupPath) => new CgroupTaskResource(cgroups.Open(cgroupPath));
    }
}
