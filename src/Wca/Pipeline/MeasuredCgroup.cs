using Wca.Host.Logging;
using Wca.Measurement;

namespace Wca.Pipeline;

/// <summary>
/// The resources a task holds for one of its cgroups (its own, or one container of a pod), or for the whole task
/// (<see cref="TaskContainer.TaskScoped"/>), collected in order. A
/// failing resource is reported with the latch that logs it once; latches are made on the first failure, so the
/// thousands of resources that never fail cost nothing beyond the array.
/// </summary>
internal sealed class MeasuredCgroup(ITaskResource[] resources) : IDisposable
{
    // The usual case, one resource: read without going through the array.
    private readonly ITaskResource? _only = resources.Length == 1 ? resources[0] : null;
    private FailureLatch?[]? _latches;
    private int _failing;

    /// <summary>Syncs and collects every resource into <paramref name="sample"/>; true when at least one gave values.</summary>
    public bool Collect(TaskContainer owner, TaskSample sample, IResourceFailures failures)
    {
        if (_only is { } only && _failing == 0)
        {
            only.Sync();
            var outcome = only.Collect(sample);
            if (outcome == CollectOutcome.Failed) Failed(owner, 0, failures);
            return outcome == CollectOutcome.Ok;
        }
        var any = false;
        for (var i = 0; i < resources.Length; i++)
        {
            var resource = resources[i];
            resource.Sync();
            switch (resource.Collect(sample))
            {
                case CollectOutcome.Ok:
                    any = true;
                    if (_failing > 0 && _latches![i] is { IsFailing: true } latch)
                    {
                        failures.Recovered(owner, resource, latch);
                        _failing--;
                    }
                    break;
                case CollectOutcome.Failed:
                    Failed(owner, i, failures);
                    break;
            }
        }
        return any;
    }

    private void Failed(TaskContainer owner, int index, IResourceFailures failures)
    {
        _latches ??= new FailureLatch?[resources.Length];
        var latch = _latches[index] ??= new FailureLatch();
        if (!latch.IsFailing) _failing++;
        failures.Failed(owner, resources[index], latch);
    }

    public void Dispose()
    {
        foreach (var resource in resources) resource.Dispose();
    }
}
