using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Api.Databases;

namespace Example;

/// <summary>
/// Keeps, per task, the running mean of its memory usage (its baseline) in whichever database the configuration names
/// (<c>database: !LocalDatabase</c>, <c>!EtcdDatabase</c> or <c>!ZookeeperDatabase</c>), so a restarted agent, or
/// another node sharing the database, goes on from it. Reports the baseline and its sample count per task; raises no
/// anomaly. A database that is down costs one warning: the baseline goes on in memory and is written again once it
/// is back.
/// </summary>
[WcaComponent]
public sealed class BaselineDetector : IAnomalyDetector
{
    public const string UsageMetric = TaskMetricNames.MemUsageBytes;

    private static readonly MetricDescriptor BaselineMetric = new("example_task_mem_baseline_bytes", MetricType.Gauge, "Running mean of the task's memory usage.");
    private static readonly MetricDescriptor SamplesMetric = new("example_task_baseline_samples", MetricType.Gauge, "Measurements in the task's baseline, restarts included.");

    private readonly ILogger<BaselineDetector> _log;
    private readonly Dictionary<string, Baseline> _baselines = new(StringComparer.Ordinal);
    private bool _databaseFailing;

    /// <param name="logger">Injected by the agent.</param>
    /// <param name="database">Where the baselines are kept.</param>
    /// <param name="keyPrefix">Prefix of every key (several agents or detectors can share one database).</param>
    public BaselineDetector(ILogger<BaselineDetector> logger, IKeyValueDatabase database, [Str(100)] string keyPrefix = "baseline")
    {
        ArgumentNullException.ThrowIfNull(database);
        if (DatabaseKey.Problem(Encoding.ASCII.GetBytes(keyPrefix + ".x")) is { } problem)
            throw new ArgumentException($"key_prefix '{keyPrefix}' does not make valid keys: {problem}", nameof(keyPrefix));
        _log = logger;
        Database = database;
        KeyPrefix = keyPrefix;
    }

    public IKeyValueDatabase Database { get; }
    public string KeyPrefix { get; }

    public DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        var metrics = new List<Metric>();
        foreach (var (id, task) in tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!task.Measurements.TryGetValue(UsageMetric, out var usage)) continue;
            var key = KeyOf(id);
            if (!_baselines.TryGetValue(id, out var baseline)) baseline = Load(key) ?? new Baseline(0, 0);
            baseline = baseline.With(usage);
            _baselines[id] = baseline;
            Store(key, baseline);
            var labels = LabelSet.From(("task_id", id));
            metrics.Add(new Metric(BaselineMetric, baseline.Mean, labels));
            metrics.Add(new Metric(SamplesMetric, baseline.Samples, labels));
        }
        foreach (var gone in _baselines.Keys.Where(id => !tasks.ContainsKey(id)).ToArray()) _baselines.Remove(gone);
        return new DetectionResult([], metrics);
    }

    /// <summary>A valid key for any task id: disallowed bytes become '_', and a hash keeps changed ids apart.</summary>
    public byte[] KeyOf(string taskId)
    {
        var text = new StringBuilder(KeyPrefix).Append('.');
        var changed = false;
        foreach (var c in taskId)
        {
            var allowed = c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-';
            text.Append(allowed ? c : '_');
            changed |= !allowed;
        }
        if (changed || text.Length > 200)
        {
            if (text.Length > 200) text.Length = 200;
            text.Append('.').Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(taskId)))[..12]);
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private Baseline? Load(byte[] key)
    {
        try
        {
            var stored = Database.Get(key);
            Recovered();
            return stored is null ? null : Baseline.Parse(stored);
        }
        catch (DatabaseUnavailableException e)
        {
            Failed(e);
            return null;
        }
    }

    private void Store(byte[] key, Baseline baseline)
    {
        try
        {
            Database.Set(key, baseline.Format());
            Recovered();
        }
        catch (DatabaseUnavailableException e)
        {
            Failed(e);
        }
    }

    private void Failed(DatabaseUnavailableException e)
    {
        if (_databaseFailing) return;
        _databaseFailing = true;
        _log.LogWarning("baselines kept in memory only: {Error}", e.Message);
    }

    private void Recovered()
    {
        if (!_databaseFailing) return;
        _databaseFailing = false;
        _log.LogInformation("the baseline database works again");
    }

    /// <summary>A running mean, stored as "samples mean" in invariant text (readable with etcdctl or zkCli).</summary>
    private readonly record struct Baseline(long Samples, double Mean)
    {
        public Baseline With(double value) => new(Samples + 1, Mean + (value - Mean) / (Samples + 1));

        public byte[] Format() => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Samples} {Mean:R}"));

        public static Baseline? Parse(byte[] stored)
        {
            var parts = Encoding.ASCII.GetString(stored).Split(' ');
            return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var samples) && samples >= 0
                && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var mean) && double.IsFinite(mean)
                ? new Baseline(samples, mean)
                : null;
        }
    }
}
