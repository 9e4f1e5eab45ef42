using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api.Configuration;
using Wca.Api.Databases;
using Wca.Discovery.Http;

namespace Wca.Databases;

/// <summary>
/// The <c>!ZookeeperDatabase</c> component: key <c>k</c> is the data of node <c>&lt;namespace&gt;/k</c>, created with
/// its parents (the namespace) when first set. Through the Apache ZooKeeper C client (Debian's libzookeeper-mt2),
/// which connects to one of <c>hosts</c> and moves to another by itself. Nothing connects at load: the session opens
/// at the first call. A lost connection is retried until the call's <c>timeout</c>; an expired session is replaced by
/// a new one. Compare-and-set uses the node's version. <c>ssl</c> is refused: Debian builds the C client without TLS.
/// </summary>
[WcaComponent]
public sealed partial class ZookeeperDatabase : IKeyValueDatabase, IDisposable
{
    /// <summary>Session timeout asked of the server (it clamps it to 2-20 ticks, 4-40 s by default).</summary>
    private const int SessionTimeoutMs = 30_000;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly Lock _sessionLock = new();
    private readonly string _connectString;
    private readonly ILogger _log;
    private ZookeeperSession? _session;
    private bool _disposed;

    /// <param name="hosts">ZooKeeper servers as host:port.</param>
    /// <param name="namespace">Absolute node path under which the keys are kept, e.g. /wca (created as needed).</param>
    /// <param name="timeout">Seconds one call may take, reconnecting included.</param>
    /// <param name="ssl">Not supported by Debian's C client (a configuration error).</param>
    /// <param name="logger">Where session changes are logged.</param>
    public ZookeeperDatabase(List<string> hosts, [Str(200)] string @namespace, [Numeric(1, 60)] double timeout = 5.0, SslSettings? ssl = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(@namespace);
        if (hosts.Count == 0) throw new ArgumentException("hosts is empty: give at least one ZooKeeper server as host:port, e.g. 127.0.0.1:2181", nameof(hosts));
        for (var i = 0; i < hosts.Count; i++)
        {
            var colon = hosts[i].LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(hosts[i].AsSpan(colon + 1), out var port) || port == 0 || hosts[i].AsSpan().IndexOfAny(", /") >= 0)
                throw new ArgumentException($"hosts[{i}] '{hosts[i]}' is not host:port (e.g. 127.0.0.1:2181)", nameof(hosts));
        }
        if (NamespaceProblem(@namespace) is { } problem) throw new ArgumentException($"namespace '{@namespace}': {problem}", nameof(@namespace));
        if (ssl is not null)
            throw new ArgumentException("Debian's ZooKeeper C client (libzookeeper-mt2 3.8) is built without TLS (no zookeeper_init_ssl): leave ssl out, or reach the servers through a TLS tunnel", nameof(ssl));
        if (!ZookeeperNative.TryLoad(out var missing)) throw new ArgumentException(missing, nameof(hosts));
        Hosts = [.. hosts];
        Namespace = @namespace.TrimEnd('/');
        Timeout = TimeSpan.FromSeconds(timeout);
        _connectString = string.Join(',', hosts);
        _log = logger ?? NullLogger.Instance;
    }

    public IReadOnlyList<string> Hosts { get; }
    public string Namespace { get; }
    public TimeSpan Timeout { get; }

    /// <summary>The current session's id and password, or null before the first call (for tests that expire it).</summary>
    internal ZookeeperNative.ClientId? CurrentClientId
    {
        get { lock (_sessionLock) return _session?.State == ZookeeperNative.ConnectedState ? _session.ClientId : null; }
    }

    /// <summary>The connect string the C client gets.</summary>
    internal string ConnectString => _connectString;

    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var data = value.ToArray();
        Run("put", key, cancellationToken, (session, left, token) =>
        {
            var rc = session.Set(path, data, -1, left(), token);
            if (rc == ZookeeperNative.NoNode)
            {
                CreateParents(session, path, left, token);
                rc = session.Create(path, data, left(), token);
                if (rc == ZookeeperNative.NodeExists) rc = session.Set(path, data, -1, left(), token);
            }
            Check(rc);
            return true;
        });
    }

    public byte[]? Get(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        return Run("get", key, cancellationToken, (session, left, token) =>
        {
            var call = new ZookeeperCall();
            var rc = session.Get(path, call, left(), token);
            if (rc == ZookeeperNative.NoNode) return null;
            Check(rc);
            return call.Value;
        });
    }

    public bool Delete(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        return Run("delete", key, cancellationToken, (session, left, token) =>
        {
            var rc = session.Delete(path, -1, left(), token);
            if (rc == ZookeeperNative.NoNode) return false;
            Check(rc);
            return true;
        });
    }

    public bool CompareAndSet(ReadOnlySpan<byte> key, byte[]? expected, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var data = value.ToArray();
        return Run("compare-and-set", key, cancellationToken, (session, left, token) =>
        {
            if (expected is null)
            {
                CreateParents(session, path, left, token);
                var created = session.Create(path, data, left(), token);
                if (created == ZookeeperNative.NodeExists) return false;
                Check(created);
                return true;
            }
            var call = new ZookeeperCall();
            var rc = session.Get(path, call, left(), token);
            if (rc == ZookeeperNative.NoNode) return false;
            Check(rc);
            if (!call.Value.AsSpan().SequenceEqual(expected)) return false;
            // The version read above: a writer in between makes the set fail instead of being overwritten.
            rc = session.Set(path, data, call.Version, left(), token);
            if (rc is ZookeeperNative.BadVersion or ZookeeperNative.NoNode) return false;
            Check(rc);
            return true;
        });
    }

    public void Dispose()
    {
        lock (_sessionLock)
        {
            _disposed = true;
            _session?.Retire();
            _session = null;
        }
    }

    private static string? NamespaceProblem(string ns)
    {
        if (!ns.StartsWith('/')) return "an absolute node path such as /wca is expected";
        if (ns == "/") return null;
        foreach (var part in ns.TrimEnd('/').Split('/')[1..])
        {
            if (part.Length == 0) return "a node name is empty ('//')";
            if (part is "." or ".." or "zookeeper") return $"'{part}' is not a usable node name";
            if (part.Any(char.IsControl)) return "a node name holds a control character";
        }
        return null;
    }

    private string PathOf(ReadOnlySpan<byte> key)
    {
        DatabaseKey.Validate(key);
        return Namespace + "/" + Encoding.ASCII.GetString(key);
    }

    /// <summary>Creates every ancestor of <paramref name="path"/> that is missing (the namespace).</summary>
    private static void CreateParents(ZookeeperSession session, string path, Func<TimeSpan> left, CancellationToken token)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var rc = session.Create(path[..slash], [], left(), token);
            if (rc != ZookeeperNative.NodeExists) Check(rc);
        }
    }

    /// <summary>A result that is neither success nor an answer the operation expects.</summary>
    private static void Check(int rc)
    {
        if (rc == ZookeeperNative.Ok) return;
        throw new ZookeeperFailure(rc);
    }

    /// <summary>A failed request: transient ones (connection, session) are retried until the deadline.</summary>
    private sealed class ZookeeperFailure(int code) : Exception(ZookeeperNative.Describe(code))
    {
        public int Code { get; } = code;

        public bool IsTransient => Code is ZookeeperNative.ConnectionLoss or ZookeeperNative.OperationTimeout or ZookeeperNative.InvalidState
            or ZookeeperNative.SessionExpired or ZookeeperNative.Closing or ZookeeperNative.SessionMoved;

        public bool EndsSession => Code is ZookeeperNative.SessionExpired or ZookeeperNative.InvalidState;
    }

    private delegate T Operation<T>(ZookeeperSession session, Func<TimeSpan> left, CancellationToken token);

    /// <summary>Runs <paramref name="operation"/>, again after a lost connection or a new session, until the timeout.</summary>
    private T Run<T>(string verb, ReadOnlySpan<byte> key, CancellationToken cancellationToken, Operation<T> operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        TimeSpan Left() => Timeout - clock.Elapsed is var left && left > TimeSpan.Zero ? left : throw new TimeoutException();
        string? problem = null;
        while (true)
        {
            try
            {
                var session = CurrentSession();
                try
                {
                    return RunOnce(session, operation, Left, cancellationToken);
                }
                finally
                {
                    session.Release();
                }
            }
            catch (ZookeeperFailure failure) when (failure.IsTransient)
            {
                problem = failure.Message;
                if (failure.EndsSession) EndSession();
                if (Timeout - clock.Elapsed <= RetryPause) break;
                cancellationToken.WaitHandle.WaitOne(RetryPause);
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (ZookeeperFailure failure)
            {
                throw new DatabaseUnavailableException($"ZookeeperDatabase: Cannot {verb} key \"{DatabaseKey.Display(key)}\": {failure.Message}", failure);
            }
            catch (TimeoutException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                problem = $"no answer from {_connectString} within {Timeout.TotalSeconds:0.###} s";
                break;
            }
        }
        throw new DatabaseUnavailableException($"ZookeeperDatabase: Cannot {verb} key \"{DatabaseKey.Display(key)}\": Timeout on all hosts! ({problem})");
    }

    private static T RunOnce<T>(ZookeeperSession session, Operation<T> operation, Func<TimeSpan> left, CancellationToken token)
    {
        if (session.IsExpired) throw new ZookeeperFailure(ZookeeperNative.SessionExpired);
        return operation(session, left, token);
    }

    private ZookeeperSession CurrentSession()
    {
        lock (_sessionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is { IsExpired: true })
            {
                Log.SessionExpired(_log, _connectString, _session.ClientId.SessionId);
                _session.Retire();
                _session = null;
            }
            if (_session is null)
            {
                ZookeeperSession.NativeLog ??= message => Log.NativeClient(_log, message);
                ZookeeperNative.SetDebugLevel(ZookeeperNative.LogLevelWarn);
                _session = new ZookeeperSession(_connectString, SessionTimeoutMs);
            }
            // Retiring happens under this lock only, so the current session is never retired here.
            if (!_session.TryAcquire()) throw new InvalidOperationException("the current ZooKeeper session is retired");
            return _session;
        }
    }

    private void EndSession()
    {
        lock (_sessionLock) _session?.MarkExpired();
    }
}
