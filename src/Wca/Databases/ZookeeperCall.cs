using System.Runtime.InteropServices;

namespace Wca.Databases;

/// <summary>
/// One asynchronous ZooKeeper request: its completion (on the C client's thread) fills the result and wakes the
/// caller, who waits at most until its deadline. The C client calls every accepted request's completion exactly once
/// (with an error when the session closes), so the GCHandle passed as the request's data is freed there, also for a
/// caller that gave up waiting.
/// </summary>
internal sealed unsafe class ZookeeperCall
{
    private readonly ManualResetEventSlim _done = new();

    public int Result { get; private set; }
    public byte[]? Value { get; private set; }
    public int Version { get; private set; } = -1;

    /// <summary>The data pointer to pass to the request; <see cref="Abandon"/> it when the request was not accepted.</summary>
    public nint Begin() => GCHandle.ToIntPtr(GCHandle.Alloc(this));

    public static void Abandon(nint data) => GCHandle.FromIntPtr(data).Free();

    /// <summary>True when the completion came before the timeout.</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) => _done.Wait(timeout, cancellationToken);

    public static delegate* unmanaged<int, byte*, int, byte*, nint, void> DataCompletion => &OnData;
    public static delegate* unmanaged<int, byte*, nint, void> StatCompletion => &OnStat;
    public static delegate* unmanaged<int, byte*, nint, void> StringCompletion => &OnString;
    public static delegate* unmanaged<int, nint, void> VoidCompletion => &OnVoid;

    [UnmanagedCallersOnly]
    private static void OnData(int rc, byte* value, int length, byte* stat, nint data)
    {
        var call = Take(data);
        if (call is null) return;
        try
        {
            if (rc == ZookeeperNative.Ok)
            {
                call.Value = value is null || length < 0 ? [] : new ReadOnlySpan<byte>(value, length).ToArray();
                call.Version = stat is null ? -1 : *(int*)(stat + ZookeeperNative.StatVersionOffset);
            }
        }
        finally
        {
            call.Complete(rc);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnStat(int rc, byte* stat, nint data) => Take(data)?.Complete(rc);

    [UnmanagedCallersOnly]
    private static void OnString(int rc, byte* value, nint data) => Take(data)?.Complete(rc);

    [UnmanagedCallersOnly]
    private static void OnVoid(int rc, nint data) => Take(data)?.Complete(rc);

    private void Complete(int rc)
    {
        Result = rc;
        _done.Set();
    }

    private static ZookeeperCall? Take(nint data)
    {
        if (data == 0) return null;
        var handle = GCHandle.FromIntPtr(data);
        var call = handle.Target as ZookeeperCall;
        handle.Free();
        return call;
    }
}
