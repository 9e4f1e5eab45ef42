using System.Runtime.InteropServices;
using System.Text;

namespace Wca.Databases;

/// <summary>
/// One ZooKeeper session (a zhandle_t): the C client connects, reconnects and fails over between the hosts by itself;
/// its watcher records the session's state here. An expired session stays dead: the database opens a new one.
/// </summary>
internal sealed unsafe class ZookeeperSession : IDisposable
{
    private static readonly ThreadLocal<byte[]> NoBytes = new(() => new byte[1]);
    private GCHandle _self;
    private nint _handle;
    private volatile int _state = ZookeeperNative.ConnectingState;
    private int _users;
    private int _retired;

    /// <param name="hosts">host:port,host:port as the C client takes them.</param>
    /// <param name="sessionTimeoutMs">Session timeout asked of the server.</param>
    /// <param name="clientId">An existing session to join (tests), or null for a new one.</param>
    public ZookeeperSession(string hosts, int sessionTimeoutMs, ZookeeperNative.ClientId? clientId = null)
    {
        _self = GCHandle.Alloc(this);
        var id = clientId.GetValueOrDefault();
        _handle = ZookeeperNative.Init(hosts, &OnWatch, sessionTimeoutMs, clientId is null ? null : &id, GCHandle.ToIntPtr(_self), 0, &OnLog);
        if (_handle == 0)
        {
            _self.Free();
            throw new Wca.Api.Databases.DatabaseUnavailableException($"ZookeeperDatabase: zookeeper_init failed for '{hosts}' (errno {Marshal.GetLastSystemError()})");
        }
    }

    /// <summary>What the C client's own log says, at debug level (set by the database; the client has one log).</summary>
    public static Action<string>? NativeLog { get; set; }

    /// <summary>The last state the watcher saw (ZOO_*_STATE).</summary>
    public int State => _state;

    public bool IsExpired => _state is ZookeeperNative.ExpiredSessionState or ZookeeperNative.AuthFailedState;

    /// <summary>The session id and password (what a second client needs to join the session).</summary>
    public ZookeeperNative.ClientId ClientId => *ZookeeperNative.CurrentClientId(_handle);

    public void MarkExpired() => _state = ZookeeperNative.ExpiredSessionState;

    /// <summary>Starts a request through <paramref name="start"/> and waits for its completion until <paramref name="timeout"/>.</summary>
    /// <returns>The C client's result code, or null on timeout.</returns>
    public int? Run(ZookeeperCall call, Func<nint, nint, int> start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var data = call.Begin();
        var accepted = start(_handle, data);
        if (accepted != ZookeeperNative.Ok)
        {
            ZookeeperCall.Abandon(data);
            return accepted;
        }
        return call.Wait(timeout, cancellationToken) ? call.Result : null;
    }

    public int Get(string path, ZookeeperCall call, TimeSpan timeout, CancellationToken token)
    {
        var p = Path(path);
        return Run(call, (h, d) => { fixed (byte* pp = p) return ZookeeperNative.GetAsync(h, pp, 0, ZookeeperCall.DataCompletion, d); }, timeout, token)
            ?? throw new TimeoutException();
    }

    public int Set(string path, byte[] value, int version, TimeSpan timeout, CancellationToken token)
    {
        var p = Path(path);
        var buffer = value.Length == 0 ? NoBytes.Value! : value;
        return Run(new ZookeeperCall(), (h, d) =>
        {
            fixed (byte* pp = p, vp = buffer) return ZookeeperNative.SetAsync(h, pp, vp, value.Length, version, ZookeeperCall.StatCompletion, d);
        }, timeout, token) ?? throw new TimeoutException();
    }

    public int Create(string path, byte[] value, TimeSpan timeout, CancellationToken token)
    {
        var p = Path(path);
        var buffer = value.Length == 0 ? NoBytes.Value! : value;
        return Run(new ZookeeperCall(), (h, d) =>
        {
            fixed (byte* pp = p, vp = buffer) return ZookeeperNative.CreateAsync(h, pp, vp, value.Length, ZookeeperNative.OpenAcl, 0, ZookeeperCall.StringCompletion, d);
        }, timeout, token) ?? throw new TimeoutException();
    }

    public int Delete(string path, int version, TimeSpan timeout, CancellationToken token)
    {
        var p = Path(path);
        return Run(new ZookeeperCall(), (h, d) => { fixed (byte* pp = p) return ZookeeperNative.DeleteAsync(h, pp, version, ZookeeperCall.VoidCompletion, d); }, timeout, token)
            ?? throw new TimeoutException();
    }

    private static byte[] Path(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [UnmanagedCallersOnly]
    private static void OnWatch(nint zh, int type, int state, byte* path, nint context)
    {
        if (type != ZookeeperNative.SessionEvent || context == 0) return;
        try
        {
            if (GCHandle.FromIntPtr(context).Target is ZookeeperSession session) session._state = state;
        }
        catch (InvalidOperationException)
        {
            // The handle was freed: the session is closed.
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLog(byte* message)
    {
        try
        {
            NativeLog?.Invoke(Marshal.PtrToStringUTF8((nint)message) ?? "");
        }
        catch (Exception)
        {
            // Never let an exception cross into the C client's thread.
        }
    }

    /// <summary>Marks a call in flight (false once retired): the handle is closed only when no call uses it.</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _retired) == 0) return true;
        Release();
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _retired) == 1) Dispose();
    }

    /// <summary>No new calls; closed now, or by the last call in flight (closing a handle another thread uses is undefined).</summary>
    public void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Volatile.Read(ref _users) == 0) Dispose();
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle == 0) return;
        // After zookeeper_close returns no callback runs any more; pending completions got ZCLOSING.
        ZookeeperNative.Close(handle);
        _self.Free();
    }
}
