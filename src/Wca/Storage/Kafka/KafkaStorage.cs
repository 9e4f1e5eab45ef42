using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;

namespace Wca.Storage.Kafka;

/// <summary>
/// One Kafka message per package: its Prometheus text with millisecond timestamps (as the original agent), produced
/// to <c>topic</c> through librdkafka with the node's host name as the key, so a node's packages stay in one partition,
/// in order. Unlike the original, a failed delivery never ends the agent and never holds an iteration longer than
/// <c>max_timeout_in_seconds</c>: the package waits in a bounded queue (when full, the oldest is dropped and counted)
/// and is sent, in order, once the brokers take packages again. Store fails (the runner logs it once per outage and
/// counts every failed store) while the brokers do not.
/// </summary>
/// <remarks>
/// During an outage only the oldest package is offered (one probe at a time); when it is delivered the rest follows
/// in order. The producer is built at load, so a wrong <c>extra_config</c> is a configuration error; the brokers are
/// not contacted before the first package. librdkafka's own log lines go to this logger at Debug.
/// </remarks>
[WcaComponent]
public sealed partial class KafkaStorage : IStorage, IDisposable, IQueueingStorage
{
    private readonly PrometheusTextWriter _writer = new();

    /// <summary>wca-wrapper's seam: the mid-2019 wrapper's text (PrometheusTextWriter.WrapperDialect).</summary>
    internal bool WrapperDialect { init => _writer = new PrometheusTextWriter { WrapperDialect = value }; }
    private readonly ArrayBufferWriter<byte> _text = new(64 * 1024);
    private readonly PackageQueue _queue;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(Environment.MachineName);
    private readonly ManualResetEventSlim _reported = new();
    private readonly ILogger? _log;
    private readonly string _brokers;
    private int _inFlight;
    private string? _outage;
    private long _outageStart;
    private bool _dropsLogged;
    private bool _disposed;

    /// <param name="topic">Kafka topic every package goes to.</param>
    /// <param name="brokersIps">Bootstrap brokers (host:port), joined into librdkafka's bootstrap.servers; null = 127.0.0.1:9092.</param>
    /// <param name="maxTimeoutInSeconds">Longest a store waits for the brokers' acknowledgement (and shutdown for the
    /// last packages); a package not acknowledged by then stays queued.</param>
    /// <param name="extraConfig">librdkafka properties (security.protocol, ssl.*, sasl.*, compression.type ...); an
    /// unknown property or value is a configuration error. bootstrap.servers comes from brokers_ips.</param>
    /// <param name="queueMaxPackages">Most undelivered packages kept; beyond it the oldest are dropped (counted).</param>
    /// <param name="queueMaxBytes">Most bytes of undelivered packages kept; beyond it the oldest are dropped (counted).</param>
    /// <param name="logger">Where outages' details, drops and the shutdown's undelivered packages are logged.</param>
    public KafkaStorage(
        [Str] string topic,
        List<string>? brokersIps = null,
        [Numeric(0, 5)] double maxTimeoutInSeconds = 0.5,
        Dictionary<string, string>? extraConfig = null,
        [Numeric(1, 1_000_000)] int queueMaxPackages = 1000,
        [Numeric(1, 1L << 40)] long queueMaxBytes = 32L << 20,
        ILogger? logger = null)
    {
        if (string.IsNullOrWhiteSpace(topic)) throw new ArgumentException("expected a Kafka topic name, found an empty one", nameof(topic));
        brokersIps ??= ["127.0.0.1:9092"];
        if (brokersIps.Count == 0) throw new ArgumentException("expected at least one broker (host:port)", nameof(brokersIps));
        foreach (var broker in brokersIps) CheckBroker(broker);
        Topic = topic;
        BrokersIps = brokersIps.ToArray();
        MaxTimeout = TimeSpan.FromSeconds(maxTimeoutInSeconds);
        ExtraConfig = extraConfig is null ? new Dictionary<string, string>() : new Dictionary<string, string>(extraConfig);
        _brokers = string.Join(",", BrokersIps);
        _queue = new PackageQueue(queueMaxPackages, queueMaxBytes);
        _log = logger;
        _producer = BuildProducer();
        if (_log is not null)
            foreach (var broker in BrokersIps.Where(b => b.Contains('$', StringComparison.Ordinal)))
                Log.BrokerPlaceholder(_log, broker);
    }

    /// <summary>
    /// host:port with a port from 1 to 65535. The host is not checked further: librdkafka resolves it when it connects,
    /// and the original's example configs hold placeholders such as <c>$KAFKA_BROKER_IP:9092</c> that must load.
    /// </summary>
    private static void CheckBroker(string broker)
    {
        var colon = broker.LastIndexOf(':');
        if (colon <= 0 || broker.AsSpan(0, colon).ContainsAny(" ,\t")
            || !int.TryParse(broker.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"expected host:port (a port from 1 to 65535), found '{broker}'", "brokersIps");
    }

    public string Topic { get; }

    public IReadOnlyList<string> BrokersIps { get; }

    public TimeSpan MaxTimeout { get; }

    public IReadOnlyDictionary<string, string> ExtraConfig { get; }

    /// <inheritdoc/>
    StorageQueueState IQueueingStorage.QueueState => new(_queue.Count, _queue.Bytes, _queue.Dropped);

    /// <summary>librdkafka's settings: ours, then extra_config, then bootstrap.servers (the original's order).</summary>
    internal IEnumerable<KeyValuePair<string, string>> ProducerSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // librdkafka gives a package up after this and reports it; the queue here keeps it for the next try.
            ["message.timeout.ms"] = Math.Max(1000, (int)MaxTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["client.id"] = "wca",
            // A package of 1000 tasks is ~5 MB of text, over librdkafka's 1 MB default; compressed (Prometheus text
            // compresses ~10x) it fits a broker's default 1 MB limit.
            ["message.max.bytes"] = "67108864",
            ["compression.type"] = "lz4",
        };
        foreach (var (name, value) in ExtraConfig) settings[name] = value;
        settings["bootstrap.servers"] = _brokers;
        return settings;
    }

    private IProducer<byte[], byte[]> BuildProducer()
    {
        try
        {
            return new ProducerBuilder<byte[], byte[]>(ProducerSettings())
                .SetLogHandler((_, message) => { if (_log is not null) Log.Librdkafka(_log, message.Name, message.Message); })
                .SetErrorHandler((_, error) => { if (_log is not null) Log.Librdkafka(_log, "error", error.Reason); })
                .Build();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("KafkaStorage needs librdkafka: librdkafka.so and centos8-librdkafka.so (installed "
                + $"by `make dist`) next to the wca executable ({AppContext.BaseDirectory}); {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or KafkaException or InvalidOperationException)
        {
            // librdkafka names the property: 'No such configuration property: "x"' / 'Invalid value "y" for configuration property "x"'.
            throw new ArgumentException($"librdkafka rejects the producer settings: {e.Message}", "extraConfig", e);
        }
    }

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var start = Stopwatch.GetTimestamp();
        // Delivered packages leave the queue before this one is counted against its bounds.
        Settle();
        if (package.Count == 0)
        {
            // Not sent (as the original), but the backlog moves on as with any store.
            if (_log is not null) Log.EmptyPackageSkipped(_log, Topic);
        }
        else
        {
            _text.ResetWrittenCount();
            _writer.Write(package, includeTimestamp: true, _text);
            var dropped = _queue.Add(new QueuedPackage(_text.WrittenSpan.ToArray()));
            if (dropped > 0 && !_dropsLogged && _log is not null)
            {
                _dropsLogged = true;
                Log.QueueFull(_log, Topic, _queue.MaxPackages, _queue.MaxBytes);
            }
        }
        Deliver(start, MaxTimeout, cancellationToken, probeOnly: true);
        if (_outage is not null)
            throw new KafkaDeliveryException($"Kafka brokers {_brokers} do not take packages for topic '{Topic}': {_outage}; packages wait in the queue");
    }

    /// <summary>Offers waiting packages and collects delivery reports until none is in flight or the budget is spent.</summary>
    private void Deliver(long start, TimeSpan budget, CancellationToken cancellationToken, bool probeOnly)
    {
        Settle();
        ProduceWaiting(probeOnly);
        while (true)
        {
            _reported.Reset();
            if (Volatile.Read(ref _inFlight) == 0) break;
            var remaining = budget - Stopwatch.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero) break;
            try
            {
                if (!_reported.Wait(remaining, cancellationToken)) break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (Settle()) ProduceWaiting(probeOnly);
        }
        Settle();
    }

    /// <summary>Applies the delivery reports that came back; true when a package was delivered.</summary>
    private bool Settle()
    {
        List<QueuedPackage>? refused = null;
        string? failure = null;
        foreach (var package in _queue.InOrder)
        {
            if (package is not { State: DeliveryState.Waiting, LastError: { } error }) continue;
            if (IsPermanent(error.Code)) (refused ??= []).Add(package);
            else failure ??= error.Reason;
        }
        foreach (var package in refused ?? [])
        {
            if (_log is not null) Log.PackageRefused(_log, Topic, package.Bytes.Length, package.LastError!.Reason);
            _queue.Drop(package);
        }
        var delivered = _queue.RemoveDeliveredHead();
        if (delivered > 0 && _outage is not null)
        {
            // The brokers take packages again: what failed during the outage is offered again, all of it, in order.
            foreach (var package in _queue.InOrder)
                if (package.State == DeliveryState.Waiting) package.Unsent();
            if (_log is not null) Log.Resumed(_log, Topic, Stopwatch.GetElapsedTime(_outageStart).TotalSeconds, _queue.Count);
            _outage = null;
            _dropsLogged = false;
        }
        else if (failure is not null && _outage is null)
        {
            _outage = failure;
            _outageStart = Stopwatch.GetTimestamp();
        }
        return delivered > 0 || refused is not null;
    }

    /// <summary>The broker will never take this message (too big): retrying would block the queue for good.</summary>
    private static bool IsPermanent(ErrorCode code) =>
        code is ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsg or ErrorCode.TopicAuthorizationFailed or ErrorCode.Local_UnknownTopic;

    /// <summary>Hands waiting packages to librdkafka in order; during an outage (with <paramref name="probeOnly"/>) only the oldest.</summary>
    private void ProduceWaiting(bool probeOnly)
    {
        var oldest = _queue.Oldest;
        foreach (var package in _queue.InOrder)
        {
            if (package.State == DeliveryState.InFlight && _outage is not null && probeOnly) return;
            if (package.State != DeliveryState.Waiting) continue;
            if (_outage is not null && probeOnly && !ReferenceEquals(package, oldest)) return;
            // In flight before Produce: the report can come back on librdkafka's thread before Produce returns.
            package.Produced();
            Interlocked.Increment(ref _inFlight);
            try
            {
                _producer.Produce(Topic, new Message<byte[], byte[]> { Key = _key, Value = package.Bytes }, report =>
                {
                    package.Reported(report.Error);
                    Interlocked.Decrement(ref _inFlight);
                    _reported.Set();
                });
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                Interlocked.Decrement(ref _inFlight);
                if (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // librdkafka's own queue is full: this and the rest wait for the next store, in order.
                    package.Unsent();
                    return;
                }
                package.Reported(e.Error);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_queue.Count > 0) Deliver(Stopwatch.GetTimestamp(), MaxTimeout, CancellationToken.None, probeOnly: false);
            if (_queue.Count > 0 && _log is not null) Log.NotDelivered(_log, _queue.Count, _queue.Bytes, Topic, MaxTimeout.TotalSeconds);
        }
        finally
        {
            _producer.Dispose();
            _reported.Dispose();
        }
    }
}
