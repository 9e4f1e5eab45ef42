using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Logging;

namespace Wca.Wrapper.Pipeline;

/// <summary>
/// Stores batches on its own thread, so a slow or unreachable storage (a Kafka outage) never holds the workload's
/// output: the parse loop hands a batch over and reads on. Batches wait in a bounded queue (when full, the oldest is
/// dropped and counted); KafkaStorage keeps undelivered packages in its own outage queue and sends them, in order,
/// when the brokers are back. A failing store is logged once per distinct error and once when it clears.
/// </summary>
internal sealed partial class ApmStore : IDisposable
{
    private readonly IStorage _storage;
    private readonly string _destination;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Channel<Metric[]> _pending;
    private readonly Thread _thread;
    private readonly FailureLatch _failure = new();
    private long _dropped;
    private bool _disposed;

    /// <param name="destination">The file name, "stderr" or the Kafka topic, for the log.</param>
    public ApmStore(IStorage storage, string destination, ILogger log, TimeProvider time, int capacity = 10_000)
    {
        _storage = storage;
        _destination = destination;
        _log = log;
        _time = time;
        _pending = Channel.CreateBounded<Metric[]>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
        _thread = new Thread(Run) { Name = "storage", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Batches dropped because the queue was full (the storage could not keep up).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Batches stored (handed to the storage without an error).</summary>
    public long Stored { get; private set; }

    /// <summary>Hands a batch over (copied); never blocks.</summary>
    public void Add(List<Metric> batch)
    {
        var dropped = Dropped;
        _pending.Writer.TryWrite(batch.ToArray());
        if (Dropped != dropped && dropped == 0) Log.QueueFull(_log, _destination);
    }

    private void Run()
    {
        var reader = _pending.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var metrics))
            {
                var timestamp = _time.GetUtcNow();
                if (_log.IsEnabled(LogLevel.Debug)) Log.Storing(_log, metrics.Length, _destination);
                try
                {
                    _storage.Store(MetricPackage.Create(PackageKind.Metrics, timestamp, metrics), CancellationToken.None);
                    Stored++;
                    if (_failure.Clear(out var repeats)) Log.StoreRecovered(_log, _destination, repeats);
                }
                catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
                {
                    if (_failure.Fail(e.Message)) Log.StoreFailed(_log, _destination, e.Message);
                }
            }
        }
    }

    /// <summary>Stores what is queued, then disposes the storage (KafkaStorage's last delivery attempt).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pending.Writer.TryComplete();
        _thread.Join();
        if (Dropped > 0) Log.DroppedTotal(_log, Dropped, _destination);
        (_storage as IDisposable)?.Dispose();
    }
}
