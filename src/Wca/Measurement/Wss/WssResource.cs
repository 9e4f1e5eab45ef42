using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Wca.Kernel;
using Wca.Kernel.Cgroups;
using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Measurement.Rdt;

namespace Wca.Measurement.Wss;

/// <summary>
/// A task's referenced memory (the final release's WSS, later-versions.md §4.8), per task: a pod's processes are
/// those of all its containers (#520). Every iteration the <c>Referenced:</c> kB of every mapping in
/// <c>/proc/&lt;pid&gt;/smaps</c> of the task's processes still in /proc are summed and scaled by 1000, as the
/// original does (not 1024), into task_wss_referenced_bytes. With the stability estimate (<see cref="WssStability"/>)
/// the value is judged against the task's memory traffic of the same iteration, which its RDT group read just
/// before, and task_working_set_size_bytes is reported once known. On every <c>resetCycles</c>-th measurement
/// (counted from 1, after the read, as the original), or when the estimate asks for it, <c>1</c> is written to each
/// process's <c>clear_refs</c>, so the next values count only pages touched since, and stability tracking restarts.
/// The seconds spent reading and resetting accumulate in task_wss_measure_overhead_seconds. A process that ends
/// between the list and its files adds nothing.
/// </summary>
internal sealed class WssResource(WssFactory factory, string[] procsFiles, string procRoot, int resetCycles, WssStability? stability, MonitoredTask? bandwidth) : ITaskScopedResource
{
    private static readonly double TicksToSeconds = 1.0 / Stopwatch.Frequency;
    private readonly List<string> _pids = [];
    private byte[] _buffer = new byte[16 * 1024];
    private string[] _procsFiles = procsFiles;
    private long _cycle;
    private double _overheadSeconds;

    public string Name => "wss";

    public string? Error { get; private set; }

    public void Follow(NodeTask task) => _procsFiles = factory.ProcsFiles(task);

    public void Sync()
    {
    }

    public CollectOutcome Collect(TaskSample sample)
    {
        if (ReadPids() is var outcome and not CollectOutcome.Ok) return outcome;
        _cycle++;
        var start = Stopwatch.GetTimestamp();
        long referencedKb = 0;
        foreach (var pid in _pids) referencedKb += ReferencedKb(Path.Combine(procRoot, pid, "smaps"));
        _overheadSeconds += (Stopwatch.GetTimestamp() - start) * TicksToSeconds;
        var referenced = referencedKb * 1000.0;
        sample.Add(MetricCatalog.TaskWssReferencedBytes, referenced);
        sample.Add(MetricCatalog.TaskWssMeasureOverheadSeconds, _overheadSeconds);

        var reset = false;
        if (stability is not null)
        {
            long? traffic = bandwidth is not null && bandwidth.TryGetBandwidthDelta(out var bytes) ? bytes : null;
            reset = stability.Observe(referenced, traffic);
            if (stability.WorkingSetSize is { } wss) sample.Add(MetricCatalog.TaskWorkingSetSizeBytes, wss);
        }
        if (resetCycles > 0 && _cycle % resetCycles == 0) reset = true;
        if (reset)
        {
            start = Stopwatch.GetTimestamp();
            foreach (var pid in _pids) ClearReferenced(Path.Combine(procRoot, pid, "clear_refs"));
            // Reported with the next measurement, as the original adds it after building this one.
            _overheadSeconds += (Stopwatch.GetTimestamp() - start) * TicksToSeconds;
            stability?.Restart();
        }
        return CollectOutcome.Ok;
    }

    /// <summary>The processes of every cgroup of the task into the reused list: Gone when every cgroup is gone.</summary>
    private CollectOutcome ReadPids()
    {
        _pids.Clear();
        var found = false;
        foreach (var file in _procsFiles)
        {
            if (CgroupMembers.Read(file, out var error) is not { } pids)
            {
                if (error is null) continue;
                Error = error;
                return CollectOutcome.Failed;
            }
            found = true;
            foreach (var pid in pids)
                if (pid.Length > 0) _pids.Add(pid);
        }
        Error = null;
        return found ? CollectOutcome.Ok : CollectOutcome.Gone;
    }

    /// <summary>The sum of the Referenced: lines of one smaps file; 0 when the process is gone or hides it.</summary>
    private long ReferencedKb(string smaps)
    {
        var length = ReadWhole(smaps);
        if (length <= 0) return 0;
        long sum = 0;
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, length);
        while (KernelText.NextLine(ref text, out var line))
        {
            if (!line.StartsWith("Referenced:"u8)) continue;
            var value = line["Referenced:"u8.Length..].Trim(" \t"u8);
            var space = value.IndexOf((byte)' ');
            if (space > 0) value = value[..space];
            if (KernelText.TryParseLong(value, out var kb)) sum += kb;
        }
        return sum;
    }

    /// <summary>Reads the whole file into the reused buffer (smaps grows with the mappings): its length, or -1.</summary>
    private int ReadWhole(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1; // ended after the list was read, or another user's process without CAP_SYS_PTRACE
        }
        using (handle)
        {
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                    var n = RandomAccess.Read(handle, _buffer.AsSpan(length), length);
                    if (n == 0) return length;
                    length += n;
                }
            }
            catch (IOException)
            {
                return -1; // the process exited while its maps were read (ESRCH)
            }
        }
    }

    private static void ClearReferenced(string clearRefs)
    {
        try
        {
            using var handle = File.OpenHandle(clearRefs, FileMode.Open, FileAccess.Write);
            RandomAccess.Write(handle, "1\n"u8, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Ended after the list was read: nothing to reset.
        }
    }

    public void Dispose()
    {
    }
}
