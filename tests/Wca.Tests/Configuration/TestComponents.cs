using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Host;

namespace Wca.Tests.Configuration;

// Components used only by the configuration tests; registered explicitly (not through BuiltInComponents).

public enum TestMode
{
    Fast,
    SlowAndSteady,
}

public sealed class FakeNode(List<string> tasks, [Url] string? endpoint = null, [Numeric(1, 60)] double timeout = 5) : INode
{
    public List<string> Tasks { get; } = tasks;
    public string? Endpoint { get; } = endpoint;
    public double Timeout { get; } = timeout;
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => [];
}

public sealed class FakeStorage(string? outputFilename = null, bool overwrite = false) : IStorage, IDisposable
{
    public string? OutputFilename { get; } = outputFilename;
    public bool Overwrite { get; } = overwrite;
    public bool Disposed { get; private set; }
    public void Store(MetricPackage package, CancellationToken cancellationToken) { }
    public void Dispose() => Disposed = true;
}

/// <summary>Remembers every instance, to see what a failed load disposed (used by one test only).</summary>
public sealed class TrackedStorage : IStorage, IDisposable
{
    public static readonly System.Collections.Concurrent.ConcurrentQueue<TrackedStorage> Created = new();
    public TrackedStorage() => Created.Enqueue(this);
    public bool Disposed { get; private set; }
    public void Store(MetricPackage package, CancellationToken cancellationToken) { }
    public void Dispose() => Disposed = true;
}

public sealed class FakeRunner(
    INode node,
    ILoggerFactory loggerFactory,
    HostPaths hostPaths,
    ILogger<FakeRunner> logger,
    AgentServices services,
    IStorage? metricsStorage = null,
    IStorage? anomaliesStorage = null,
    List<IStorage>? storages = null,
    Dictionary<string, IStorage>? storagesByName = null,
    [ConfigName("interval", "action_delay")][Numeric(0, 60)] double interval = 1.0,
    [Str(Target = ValidationTarget.Keys)][Str(8, Target = ValidationTarget.Values)] Dictionary<string, string>? extraLabels = null) : IRunner
{
    public INode Node { get; } = node;
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
    public HostPaths HostPaths { get; } = hostPaths;
    public ILogger<FakeRunner> Logger { get; } = logger;
    public AgentServices Services { get; } = services;
    public IStorage? MetricsStorage { get; } = metricsStorage;
    public IStorage? AnomaliesStorage { get; } = anomaliesStorage;
    public List<IStorage>? Storages { get; } = storages;
    public Dictionary<string, IStorage>? StoragesByName { get; } = storagesByName;
    public double Interval { get; } = interval;
    public Dictionary<string, string>? ExtraLabels { get; } = extraLabels;
    public int Run(CancellationToken stopping) => 0;
}

/// <summary>A runner carrying arbitrary values, to test conversions below <c>runner</c>.</summary>
public sealed class HoldingRunner(object? payload = null) : IRunner
{
    public object? Payload { get; } = payload;
    public int Run(CancellationToken stopping) => 0;
}

public sealed class KitchenSink(
    string name,
    bool flag = false,
    int count = 3,
    long big = 0,
    double ratio = 0.5,
    float single = 0,
    TestMode mode = TestMode.Fast,
    TimeSpan timeout = default,
    int? maybe = 7,
    string? optionalText = "default",
    object? anything = null,
    int[]? numbers = null,
    IReadOnlyList<string>? names = null,
    IReadOnlyDictionary<string, int>? weights = null,
    Either<bool, string> ssl = default,
    [IpPort(Target = ValidationTarget.Items)] List<string>? brokers = null,
    [Str(5, Target = ValidationTarget.Keys)] Dictionary<string, double>? limits = null,
    [Numeric(0, 1, Target = ValidationTarget.Items)] List<Either<double, string>>? shares = null,
    List<int?>? gaps = null,
    FakeOptions? options = null)
{
    public string Name { get; } = name;
    public bool Flag { get; } = flag;
    public int Count { get; } = count;
    public long Big { get; } = big;
    public double Ratio { get; } = ratio;
    public float Single { get; } = single;
    public TestMode Mode { get; } = mode;
    public TimeSpan Timeout { get; } = timeout;
    public int? Maybe { get; } = maybe;
    public string? OptionalText { get; } = optionalText;
    public object? Anything { get; } = anything;
    public int[]? Numbers { get; } = numbers;
    public IReadOnlyList<string>? Names { get; } = names;
    public IReadOnlyDictionary<string, int>? Weights { get; } = weights;
    public Either<bool, string> Ssl { get; } = ssl;
    public List<string>? Brokers { get; } = brokers;
    public Dictionary<string, double>? Limits { get; } = limits;
    public List<Either<double, string>>? Shares { get; } = shares;
    public List<int?>? Gaps { get; } = gaps;
    public FakeOptions? Options { get; } = options;

    /// <summary>Bound as a property (init), not a constructor parameter.</summary>
    public string? Comment { get; init; }
    [ConfigName("max_items", "limit")]
    public int MaxItems { get; set; } = 10;
}

/// <summary>A plain options class: may be written without a tag where its type is declared.</summary>
public sealed class FakeOptions(bool verify = true, string? caFile = null)
{
    public bool Verify { get; } = verify;
    public string? CaFile { get; } = caFile;
}

public sealed class ThrowingComponent
{
    public ThrowingComponent(int size = 1, bool explode = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (explode) throw new InvalidOperationException("boom: cannot start");
        Size = size;
    }

    public int Size { get; }
}

public sealed class NeedsName
{
    public required string Name { get; init; }
}

[WcaComponent(Tag = "CustomTagged")]
public sealed class AttributeTaggedComponent(int value = 1)
{
    public int Value { get; } = value;
}

/// <summary>A stand-in for the CgroupNode of configs/default.yaml (the real one comes from the discovery work).</summary>
public sealed class CgroupNodeStandIn(List<string> patterns, bool requirePids = false) : INode
{
    public List<string> Patterns { get; } = patterns;
    public bool RequirePids { get; } = requirePids;
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => [];
}
