using System.Diagnostics;
using Wca.Kernel;
using Wca.Kernel.Perf;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf;

/// <summary>
/// The perf counters of one task cgroup: its directory open, one event group per online CPU, read with one read(2)
/// per CPU every iteration, scaled by enabled/running, summed over CPUs (or one series per CPU) with the scaling
/// factors and, with enable_derived_metrics, the ratios of this iteration's deltas. Opened at the first collection
/// (the cgroup may not exist yet), reopened for the CPUs that came online, closed when the cgroup is gone.
/// </summary>
internal sealed class PerfCounterResource(PerfCounterFactory factory, string cgroupPath, string directory) : ITaskResource
{
    private int _cgroupFd = -1;
    private PerfEventGroup?[] _groups = [];
    private int[] _cpus = [];
    private readonly ulong[] _buffer = new ulong[PerfEventGroup.WordsFor(factory.Events.Length)];
    // Per event: this iteration's scaled sums over CPUs, the counts of CPUs that went offline (kept so that counters
    // never go back), and the previous iteration's sums and time for the derived metrics (kept only with them).
    private readonly double[] _sums = new double[factory.Events.Length];
    private readonly double[] _retired = new double[factory.Events.Length];
    private readonly double[] _previous = new double[factory.Events.Length];
    private double[] _perCpuValues = [];
    private long _previousTimestamp;
    private bool _hasPrevious;
    private ulong _lastEnabled;
    private readonly int _phase = factory.NextLivenessPhase();

    public string Name => "perf";

    public string? Error { get; private set; }

    public void Sync() { }

    public CollectOutcome Collect(TaskSample sample)
    {
        if (_cgroupFd < 0)
        {
            var opened = OpenCgroup();
            if (opened != CollectOutcome.Ok) return opened;
        }
        if (!ReferenceEquals(_cpus, factory.Cpus))
        {
            var synced = SyncCpus();
            if (synced != CollectOutcome.Ok) return synced;
        }
        var events = factory.Events;
        Array.Clear(_sums);
        double factorSum = 0, factorMax = 0;
        ulong enabledSum = 0;
        var perCpu = !factory.AggregateCpus;
        var buffer = _buffer.AsSpan();
        for (var c = 0; c < _groups.Length; c++)
        {
            var group = _groups[c]!;
            if (!group.TryRead(buffer, out var reading, out var errno))
            {
                Error = $"read of the perf group on cpu {group.Cpu} failed: errno {errno} ({Errno.Describe(errno)})";
                return CollectOutcome.Failed;
            }
            var enabled = reading.TimeEnabled;
            var running = reading.TimeRunning;
            enabledSum += enabled;
            // Not yet scheduled (running 0): adds nothing. Multiplexed: raw x enabled/running, rounded half to even.
            var scale = running == 0 || enabled == 0 ? 0 : (double)enabled / running;
            for (var e = 0; e < events.Length; e++)
            {
                double value = scale == 0 ? 0 : running == enabled ? reading.Value(e) : Math.Round(reading.Value(e) * scale, MidpointRounding.ToEven);
                value *= events[e].Scale;
                _sums[e] += value;
                if (perCpu) _perCpuValues[c * events.Length + e] = value;
            }
            factorSum += scale;
            factorMax = Math.Max(factorMax, scale);
            if (perCpu) AddPerCpu(sample, c, scale);
        }
        // An idle cgroup's times stand still, as a removed one's do: only then is the cgroup checked, and an idle one
        // only every few iterations, each resource in its own phase (thousands of sleeping tasks would otherwise cost
        // a lookup each per iteration). The check looks from the kept directory descriptor, so a cgroup recreated
        // under the same path is noticed too: its counters are reopened on the new one at the next collection.
        if (enabledSum == _lastEnabled && _hasPrevious && factory.ProbesLiveness(_phase) && !CgroupAlive())
        {
            Close();
            return CollectOutcome.Gone;
        }
        _lastEnabled = enabledSum;
        for (var e = 0; e < events.Length; e++) _sums[e] += _retired[e];
        if (!perCpu)
        {
            var selected = factory.Selected;
            for (var e = 0; e < events.Length; e++)
                if (selected[e]) sample.Add(events[e].Descriptor, _sums[e]);
            var (avg, max) = factory.WantScaling;
            if (avg) sample.Add(MetricCatalog.TaskScalingFactorAvg, _groups.Length == 0 ? 0 : factorSum / _groups.Length);
            if (max) sample.Add(MetricCatalog.TaskScalingFactorMax, factorMax);
        }
        if (factory.Derived is { } derived)
        {
            var now = Stopwatch.GetTimestamp();
            if (_hasPrevious) PerfDerivedMetrics.Append(sample, derived, _sums, _previous, Stopwatch.GetElapsedTime(_previousTimestamp, now).TotalSeconds);
            _previousTimestamp = now;
            _sums.AsSpan().CopyTo(_previous);
        }
        _hasPrevious = true;
        Error = null;
        return CollectOutcome.Ok;
    }

    private void AddPerCpu(TaskSample sample, int c, double scale)
    {
        var events = factory.Events;
        var selected = factory.Selected;
        var levels = factory.CpuLevels(_groups[c]!.Cpu);
        for (var e = 0; e < events.Length; e++)
            if (selected[e]) sample.Add(events[e].Descriptor, _perCpuValues[c * events.Length + e], levels);
        var (avg, max) = factory.WantScaling;
        // One CPU's group shares its times: its average and maximum are its factor.
        if (avg) sample.Add(MetricCatalog.TaskScalingFactorAvg, scale, levels);
        if (max) sample.Add(MetricCatalog.TaskScalingFactorMax, scale, levels);
    }

    /// <summary>Whether the cgroup whose directory is open still exists (its entries vanish with it).</summary>
    private bool CgroupAlive() => Posix.ExistsAt(_cgroupFd, "cgroup.procs\0"u8) != -Posix.Enoent;

    private CollectOutcome OpenCgroup()
    {
        var fd = Posix.Open(directory, Posix.ReadOnly);
        // Descriptors are numbered lowest-free first, so the new one's number is about how many are open: too close to
        // the limit, the counters are not opened (said once by the factory, as EMFILE) and the task goes on without perf.
        if (fd >= 0 && !factory.HasRoomFor(fd, factory.Cpus.Length * factory.Events.Length))
        {
            Posix.Close(fd);
            factory.HostWide(24, cgroupPath);
            return CollectOutcome.Gone;
        }
        if (fd < 0)
        {
            if (-fd == Posix.Enoent) return CollectOutcome.Gone;
            if (factory.HostWide(-fd, cgroupPath)) return CollectOutcome.Gone;
            Error = $"cannot open {directory}: errno {-fd} ({Errno.Describe(-fd)})";
            return CollectOutcome.Failed;
        }
        _cgroupFd = fd;
        factory.OpenCgroups++;
        _cpus = [];
        return CollectOutcome.Ok;
    }

    /// <summary>Keeps the groups of CPUs still online, opens the new CPUs' and closes the offline ones' (their last counts retire into the sums).</summary>
    private CollectOutcome SyncCpus()
    {
        var started = Stopwatch.GetTimestamp();
        var cpus = factory.Cpus;
        var groups = new PerfEventGroup?[cpus.Length];
        try
        {
            for (var i = 0; i < cpus.Length; i++)
            {
                var old = Array.IndexOf(_cpus, cpus[i]);
                if (old >= 0)
                {
                    groups[i] = _groups[old];
                    _groups[old] = null;
                    continue;
                }
                groups[i] = PerfEventGroup.OpenForCgroup(_cgroupFd, cpus[i], factory.Attrs, factory.Names);
                factory.OpenDescriptors += groups[i]!.Count;
            }
        }
        catch (PerfEventException failure)
        {
            // Nothing half-open stays: the new groups close, the kept ones go back.
            for (var i = 0; i < cpus.Length; i++)
            {
                if (groups[i] is not { } g) continue;
                var old = Array.IndexOf(_cpus, g.Cpu);
                if (old >= 0) _groups[old] = g;
                else
                {
                    factory.OpenDescriptors -= g.Count;
                    g.Dispose();
                }
            }
            if (_cpus.Length == 0) Close();
            if (factory.HostWide(failure, cgroupPath)) return CollectOutcome.Gone;
            Error = failure.Message + ": " + PerfCounterFactory.Meaning(failure.Errno);
            return CollectOutcome.Failed;
        }
        foreach (var offline in _groups)
        {
            if (offline is null) continue;
            Retire(offline);
            factory.OpenDescriptors -= offline.Count;
            offline.Dispose();
        }
        _groups = groups;
        _cpus = cpus;
        if (_perCpuValues.Length < cpus.Length * factory.Events.Length) _perCpuValues = new double[cpus.Length * factory.Events.Length];
        factory.Opened(started);
        return CollectOutcome.Ok;
    }

    /// <summary>Adds what a CPU going offline had counted to the retired counts, so the task's sums never go back.</summary>
    private void Retire(PerfEventGroup group)
    {
        if (!group.TryRead(_buffer, out var reading, out _)) return;
        var enabled = reading.TimeEnabled;
        var running = reading.TimeRunning;
        if (running == 0 || enabled == 0) return;
        var scale = (double)enabled / running;
        var events = factory.Events;
        for (var e = 0; e < events.Length; e++) _retired[e] += Math.Round(reading.Value(e) * scale, MidpointRounding.ToEven) * events[e].Scale;
    }

    private void Close()
    {
        foreach (var group in _groups)
        {
            if (group is null) continue;
            factory.OpenDescriptors -= group.Count;
            group.Dispose();
        }
        _groups = [];
        _cpus = [];
        if (_cgroupFd >= 0)
        {
            Posix.Close(_cgroupFd);
            _cgroupFd = -1;
            factory.OpenCgroups--;
        }
        _hasPrevious = false;
        _lastEnabled = 0;
        Array.Clear(_retired);
    }

    public void Dispose() => Close();
}
