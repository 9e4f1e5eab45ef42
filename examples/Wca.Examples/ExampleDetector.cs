using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>
/// The reference's contention simulator (WCA <c>example.external_package:ExampleDetector</c>), so that
/// configs written for it load and behave the same: a cycle of <c>cycle_length</c> seconds whose phases
/// report contention between fixed pairs of tasks (sorted by id) on one to three resources.
/// </summary>
[WcaComponent]
public sealed class ExampleDetector : IAnomalyDetector
{
    private const int MinimumTasks = 10;

    // (pairs, resources, context metrics) for seconds 0-9, 10-19, 20-29, 30-39, 40-49; nothing from 50 on.
    private static readonly (int Pairs, int Resources, int Metrics)[] Phases = [(1, 1, 1), (1, 2, 2), (1, 3, 2), (2, 2, 3), (3, 1, 1)];

    // Indices into the sorted task ids: (contended, contending...).
    private static readonly (int Contended, int[] Contending)[] Pairs = [(0, [1, 2]), (3, [4]), (6, [7, 8, 9])];

    private static readonly ContendedResource[] Resources = [ContendedResource.Cpus, ContendedResource.LlcOccupancy, ContendedResource.MemoryBandwidth];

    private static readonly MetricDescriptor SecondOfCycle = new("second_of_cycle", MetricType.Gauge, "Second of the simulated contention cycle.");

    private readonly ILogger<ExampleDetector> _log;
    private readonly int _skewSeconds;

    /// <param name="logger">Injected by the agent.</param>
    /// <param name="cycleLength">Seconds in one simulated cycle.</param>
    /// <param name="skew">Shift the cycle by a per-host amount (sum of the bytes of SHA-256 of the host name),
    /// so that hosts do not report contention in lockstep.</param>
    public ExampleDetector(ILogger<ExampleDetector> logger, [Numeric(1, 86400)] int cycleLength = 90, bool skew = false)
    {
        _log = logger;
        CycleLength = cycleLength;
        Skew = skew;
        _skewSeconds = skew ? SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)).Sum(b => b) : 0;
    }

    public int CycleLength { get; }
    public bool Skew { get; }

    public DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        var second = (int)(((long)platform.Timestamp.ToUnixTimeSeconds() + _skewSeconds) % CycleLength);
        var extra = new[] { new Metric(SecondOfCycle, second, LabelSet.Empty) };
        if (tasks.Count < MinimumTasks)
        {
            _log.LogWarning("not enough tasks {Count} to simulate contention!", tasks.Count);
            return new DetectionResult([], extra);
        }

        var ids = tasks.Keys.Order(StringComparer.Ordinal).ToArray();
        var (pairs, resources, metrics) = second / 10 < Phases.Length ? Phases[second / 10] : (0, 0, 0);
        // The reference builds each value as str(i + 1) * 10 (a quirk: "1111111111", not 10).
        var context = Enumerable.Range(0, metrics)
            .Select(i => new Metric(new MetricDescriptor($"cpu_threshold_{i}", MetricType.Gauge), double.Parse(new string((char)('1' + i), 10)), LabelSet.Empty))
            .ToArray();
        var anomalies = new List<Anomaly>();
        foreach (var resource in Resources.Take(resources))
        {
            foreach (var (contended, contending) in Pairs.Take(pairs))
                anomalies.Add(new ContentionAnomaly(ids[contended], [.. contending.Select(i => ids[i])], resource, context));
        }
        _log.LogInformation("detector simulation: tasks={Pairs} resources={Resources} metrics={Metrics}!", pairs, resources, metrics);
        return new DetectionResult(anomalies, extra);
    }
}
