using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Wca.Actuation;
using Wca.Actuation.Rdt;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Decision;
using Wca.Decision.Allocation;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Host.Security;
using Wca.Pipeline;
using Types = Wca.Api.AllocationTypes;

namespace Wca.Runners;

/// <summary>
/// A measurement runner that hands every iteration's platform and tasks, with their current allocations read back
/// from the kernel, to an <c>allocator</c> (its wall time is the <c>allocate</c> stage and allocation_duration), checks
/// the answer value by value (an invalid value is logged once, counted and skipped; the rest apply), writes only what
/// differs from the kernel (nothing with <c>dry_run: true</c>), then stores the anomalies package, the allocations
/// package (the target state as allocation metrics, the allocator's extra metrics, the statistics) and the metrics
/// package. Keys: the 2019 layout (node, metrics_storage, action_delay ... on this runner) or the final release's
/// (<c>measurement_runner: !MeasurementRunner</c> holding them).
/// </summary>
[WcaComponent]
public sealed partial class AllocationRunner : MeasuringRunner
{
    private readonly Dictionary<string, ActuatedTask> _actuators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskAllocation> _valid = new(StringComparer.Ordinal);
    private AllocationValidator? _validator;
    private readonly Dictionary<(string Task, string Type), string> _reported = [];
    private readonly FailureLatch _allocatorFailure = new();
    private readonly AllocationStatistics _statistics = new();
    private readonly List<AllocationProblem> _problems = [];
    private readonly List<AllocationFailure> _readFailures = [];
    private readonly List<KeyValuePair<string, TaskAllocation>> _targets = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<(string Task, string Type)> _problemKeys = [];
    private readonly List<(string Task, string Type)> _cleared = [];
    private ITaskActuatorFactory? _actuatorFactory;
    private ResctrlControlGroups? _rdt;
    private int _allocateStage, _readStage, _applyStage, _storeStage;
    private string _allocatorName = "";
    private StorageSlot? _anomaliesSlot, _allocationsSlot;
    private AnomalyPackage? _anomalies;
    private AllocationPackage? _allocations;
    private IStorage? _anomaliesStorage, _allocationsStorage;

    /// <param name="services">What the agent injects.</param>
    [SetsRequiredMembers]
    public AllocationRunner(AgentServices services)
        : base(services)
    {
        Allocator = new NOPAllocator();
    }

    /// <summary>The final release's shape: the measurement keys (node, interval, metrics_storage ...) in a
    /// <c>!MeasurementRunner</c>, instead of on this runner as in 2019.</summary>
    public MeasurementRunner? MeasurementRunner { get; init; }

    private protected override MeasuringRunner? Composed => MeasurementRunner;

    private protected override bool ComposesMeasurementRunner => true;

    /// <summary>The allocation algorithm.</summary>
    public required IAllocator Allocator { get; init; }

    /// <summary>Where anomalies go; default: the same stderr LogStorage as unset metrics.</summary>
    public IStorage? AnomaliesStorage { get => _anomaliesStorage; init => _anomaliesStorage = value; }

    /// <summary>Where the allocations package goes; default: the same stderr LogStorage as unset metrics.</summary>
    public IStorage? AllocationsStorage { get => _allocationsStorage; init => _allocationsStorage = value; }

    /// <summary>Compute, validate and report everything (metrics labelled dry_run="true") but write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Fail at start unless RDT memory-bandwidth allocation (MBA: an MB line in resctrl's root schemata) is available.</summary>
    public bool RdtMbControlRequired { get; init; }

    /// <summary>Fail at start unless RDT L3 cache allocation (CAT: an L3 line in resctrl's root schemata) is available.</summary>
    public bool RdtCacheControlRequired { get; init; }

    /// <summary>
    /// Remove at start every resctrl control group and root monitoring group, also those other software made (their
    /// threads go back to the root group). Without it only the agent's own wca-* groups of an earlier run are
    /// cleaned up and foreign groups are kept.
    /// </summary>
    public bool RemoveAllResctrlGroups { get; init; }


    /// <summary>The agent's resctrl control groups; null when RDT is not enabled.</summary>
    internal ResctrlControlGroups? ResctrlGroups => _rdt;

    /// <summary>The actuators' factory (tests give a fixture's); null = the cgroup actuators of this host.</summary>
    internal ITaskActuatorFactory? ActuatorFactory { get => _actuatorFactory; init => _actuatorFactory = value; }

    /// <summary>The allocation configuration in effect: this runner's, else the nested measurement runner's, else the defaults.</summary>
    internal AllocationConfiguration EffectiveAllocationConfiguration =>
        AllocationConfiguration ?? MeasurementRunner?.AllocationConfiguration ?? new AllocationConfiguration();

    private protected override bool KeepsTaskData => true;

    /// <inheritdoc/>
    public override PrivilegeNeeds PrivilegeNeeds => base.PrivilegeNeeds | (DryRun ? PrivilegeNeeds.None : PrivilegeNeeds.CgroupWrites);

    /// <inheritdoc/>
    public override string? PrivilegeCause(PrivilegeNeeds need) =>
        need == PrivilegeNeeds.CgroupWrites && !DryRun
            ? string.Join(" and ", new[] { "an AllocationRunner without dry_run: true (it writes cgroup files)", base.PrivilegeCause(need) }.Where(s => s is not null))
            : base.PrivilegeCause(need);

    private protected override int InitializeBody()
    {
        if (StartRdt() is var rdtCode and not 0) return rdtCode;
        _readStage = Profiler.Add("read_allocations");
        _allocateStage = Profiler.Add("allocate");
        _applyStage = Profiler.Add("apply_allocations");
        _storeStage = Profiler.Add("store_allocations");
        _allocatorName = Allocator.GetType().Name;
        Failures.Declare("allocate", _allocatorName);
        _anomaliesStorage ??= DefaultStorage;
        _allocationsStorage ??= DefaultStorage;
        _anomaliesSlot = Slot("anomalies_storage", PackageKind.Anomalies, _anomaliesStorage);
        _allocationsSlot = Slot("allocations_storage", PackageKind.Allocations, _allocationsStorage);
        _anomalies = new AnomalyPackage(new MetricAdmission(Logger, Failures, "allocate", _allocatorName));
        _allocations = new AllocationPackage(new MetricAdmission(Logger, Failures, "allocate", _allocatorName), _statistics, DryRun);
        if (DryRun) Log.DryRun(Logger);
        return 0;
    }

    private protected override void Body(IterationContext context, CancellationToken stopping)
    {
        var platform = context.Platform ?? new Platform { Timestamp = context.Timestamp };
        // cpu_quota 1.0 is every online CPU: the cgroup actuators wait for a platform read that worked.
        if (_actuatorFactory is null && context.Platform is not null) _actuatorFactory = CreateActuatorFactory(platform);
        if (_actuatorFactory is not { } factory)
        {
            _targets.Clear();
            _anomalies!.Build(context, null, null, CommonLabels);
            _anomaliesSlot!.Store(_anomalies.Batch, stopping);
            _allocations!.Build(context, _targets, null, CommonLabels);
            _allocationsSlot!.Store(_allocations.Batch, stopping);
            return;
        }
        var t = Stopwatch.GetTimestamp();
        var tasks = ReadCurrent(context, factory);
        Profiler.Record(_readStage, t);

        t = Stopwatch.GetTimestamp();
        var result = Allocate(platform, tasks);
        Profiler.Record(_allocateStage, t);
        _statistics.LastDuration = Stopwatch.GetElapsedTime(t).TotalSeconds;

        t = Stopwatch.GetTimestamp();
        _targets.Clear();
        var validator = _validator ??= new AllocationValidator(platform, tasks, _rdt?.Info);
        validator.Begin(platform, tasks);
        var requested = result?.Allocations ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, TaskAllocation>.Empty;
        _statistics.RecordAllocations(requested.Count);
        _problems.Clear();
        var valid = _valid;
        valid.Clear();
        foreach (var (taskId, allocation) in requested)
        {
            if (taskId is null) continue;
            if (validator.Validate(taskId, allocation, _problems) is { } ok) valid[taskId] = ok;
        }
        var changed = 0;
        foreach (var (taskId, data) in tasks)
        {
            var current = data.Allocations;
            if (valid.TryGetValue(taskId, out var target))
            {
                if (AllocationMerge.Covers(current, target))
                {
                    _targets.Add(new(taskId, _actuators[taskId].Merged(current, target)));
                    continue;
                }
                var applied = ApplyTo(taskId, target);
                if (applied.Changed) changed++;
                _targets.Add(new(taskId, AllocationMerge.Merge(current, Without(target, applied.Failures))));
            }
            else if (current is not null) _targets.Add(new(taskId, current));
        }
        Report(_problems, valid);
        if (changed > 0) Log.Performed(Logger, changed, DryRun ? " (dry run: nothing written)" : "");
        Profiler.Record(_applyStage, t);

        t = Stopwatch.GetTimestamp();
        _anomalies!.Build(context, result?.Anomalies?.Where(a => a is not null).ToArray(), result?.ExtraMetrics, CommonLabels);
        _anomaliesSlot!.Store(_anomalies.Batch, stopping);
        _allocations!.Build(context, _targets, result?.ExtraMetrics, CommonLabels);
        _allocationsSlot!.Store(_allocations.Batch, stopping);
        Profiler.Record(_storeStage, t);
    }

    /// <summary>Every measured task with its current allocations from the kernel; actuators follow the tasks.</summary>
    private Dictionary<string, TaskData> ReadCurrent(IterationContext context, ITaskActuatorFactory factory)
    {
        _seen.Clear();
        factory.BeginIteration();
        var tasks = new Dictionary<string, TaskData>(context.Tasks.Count, StringComparer.Ordinal);
        foreach (var (taskId, data) in context.Tasks)
        {
            _seen.Add(taskId);
            if (!_actuators.TryGetValue(taskId, out var actuated))
                _actuators[taskId] = actuated = new ActuatedTask(factory.Create(data.Task));
            var actuator = actuated.Actuator;
            if (!ReferenceEquals(actuator.Task, data.Task) && actuator.Task != data.Task) actuator.Update(data.Task);
            _readFailures.Clear();
            var current = actuator.ReadCurrent(_readFailures);
            foreach (var failure in _readFailures)
                if (Latch(taskId, "read " + failure.Type, failure.Reason)) Log.ReadFailed(Logger, taskId, failure.Type, failure.Reason);
            tasks[taskId] = data with { Allocations = current };
        }
        if (_actuators.Count > _seen.Count)
            foreach (var gone in _actuators.Keys.Where(id => !_seen.Contains(id)).ToArray())
            {
                _actuators[gone].Dispose();
                _actuators.Remove(gone);
                foreach (var key in _reported.Keys.Where(k => k.Task == gone).ToArray()) _reported.Remove(key);
            }
        context.Tasks = tasks;
        return tasks;
    }

    private AllocationResult? Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        string failure;
        try
        {
            var result = Allocator.Allocate(platform, tasks);
            if (result is not null)
            {
                if (_allocatorFailure.Clear(out var failed)) Log.AllocatorRecovered(Logger, _allocatorName, failed);
                return result;
            }
            failure = "returned null";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = $"threw {e.GetType().Name}: {e.Message}";
        }
        Failures.Count("allocate", _allocatorName);
        _statistics.RecordAllocatorFailure();
        if (_allocatorFailure.Fail(failure)) Log.AllocatorFailed(Logger, _allocatorName, failure);
        return null;
    }

    /// <summary>Writes what differs from the kernel (nothing in a dry run) and explains every change in one line.</summary>
    private AllocationOutcome ApplyTo(string taskId, TaskAllocation target)
    {
        var outcome = _actuators[taskId].Actuator.Apply(target, DryRun);
        foreach (var change in outcome.Changes)
        {
            var why = ReasonOf(target, change.Type);
            if (DryRun) Log.WouldApply(Logger, taskId, change.Type, change.Old ?? "?", change.New, why, change.File);
            else if (change.WasDrift)
            {
                _statistics.RecordDrift();
                Log.Reapplied(Logger, taskId, change.Type, change.Old ?? "?", change.New, why, change.File);
            }
            else Log.Applied(Logger, taskId, change.Type, change.Old ?? "?", change.New, why, change.File);
        }
        foreach (var failure in outcome.Failures)
            _problems.Add(new AllocationProblem(taskId, failure.Type, AllocationProblemReasons.KernelRefused, failure.Reason));
        return outcome;
    }

    private string ReasonOf(TaskAllocation target, string type) =>
        target.Reasons.TryGetValue(type, out var why) || (type == Types.CpusetCpus && target.Reasons.TryGetValue(Types.CpuSet, out why))
            ? why
            : "allocator " + _allocatorName;

    /// <summary>Counts every skipped value; logs each distinct problem of a task's type once (again when it changes).</summary>
    private void Report(List<AllocationProblem> problems, Dictionary<string, TaskAllocation> valid)
    {
        _problemKeys.Clear();
        foreach (var problem in problems)
        {
            _statistics.RecordProblem(problem);
            _problemKeys.Add((problem.TaskId, problem.Type));
            if (Latch(problem.TaskId, problem.Type, problem.Message))
                Log.InvalidAllocation(Logger, problem.TaskId, problem.Type, problem.Message, problem.Reason);
        }
        // A type that is valid again may be reported again when it breaks again.
        if (_reported.Count == 0) return;
        _cleared.Clear();
        foreach (var key in _reported.Keys)
            if (!_problemKeys.Contains(key) && valid.TryGetValue(key.Task, out var ok) && Has(ok, key.Type)) _cleared.Add(key);
        foreach (var key in _cleared) _reported.Remove(key);
    }

    private bool Latch(string taskId, string type, string message)
    {
        if (_reported.TryGetValue((taskId, type), out var last) && last == message) return false;
        _reported[(taskId, type)] = message;
        return true;
    }

    private static bool Has(TaskAllocation a, string type) => type switch
    {
        Types.CpuQuota => a.CpuQuota is not null,
        Types.CpuShares => a.CpuShares is not null,
        Types.CpusetCpus or Types.CpuSet => a.CpusetCpus is not null,
        Types.CpusetMems => a.CpusetMems is not null,
        Types.CpusetMemoryMigrate => a.CpusetMemoryMigrate is not null,
        Types.MigratePages => a.MigratePages is not null,
        _ => false,
    };

    /// <summary>The target without the values the kernel refused (their metric shows what the kernel holds).</summary>
    private static TaskAllocation Without(TaskAllocation target, IReadOnlyList<AllocationFailure> failures)
    {
        if (failures.Count == 0) return target;
        foreach (var failure in failures)
            target = failure.Type switch
            {
                Types.CpuQuota => target with { CpuQuota = null },
                Types.CpuShares => target with { CpuShares = null },
                Types.CpusetCpus => target with { CpusetCpus = null },
                Types.CpusetMems => target with { CpusetMems = null },
                Types.CpusetMemoryMigrate => target with { CpusetMemoryMigrate = null },
                Types.MigratePages => target with { MigratePages = null },
                Types.Rdt => target with { Rdt = null },
                _ => target,
            };
        return target;
    }

    /// <summary>The cgroup actuators of this host, made on the first iteration: they check against the platform then read.</summary>
    private ITaskActuatorFactory CreateActuatorFactory(Platform platform)
    {
        var cgroups = new CgroupActuatorFactory(Services.Cgroups, EffectiveAllocationConfiguration, ActuationTopology.From(platform),
            Services.LoggerFactory.CreateLogger(typeof(CgroupActuatorFactory).FullName!), Services.HostPaths.Proc);
        return _rdt is null ? cgroups : new RdtActuatorFactory(cgroups, _rdt, Services.Cgroups.Layout.TaskHierarchy);
    }

    /// <summary>Disposes the actuators (the agent stops).</summary>
    private protected override void Released()
    {
        foreach (var actuator in _actuators.Values) actuator.Dispose();
        _actuators.Clear();
        (_actuatorFactory as IDisposable)?.Dispose();
        _rdt?.Dispose();
        _rdt = null;
    }
}
