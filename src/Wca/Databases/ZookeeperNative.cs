using System.Runtime.InteropServices;

namespace Wca.Databases;

/// <summary>
/// The asynchronous calls of the Apache ZooKeeper C client (Debian's libzookeeper-mt2, the multi-threaded build),
/// whose completions and watcher arrive on the client's own thread through unmanaged function pointers (AOT-safe: no
/// delegate marshalling). Constants are the C client's ABI values (zookeeper.h of 3.8).
/// </summary>
internal static unsafe partial class ZookeeperNative
{
    public const string Library = "libzookeeper_mt.so.2";

    public const int Ok = 0;
    public const int ConnectionLoss = -4;
    public const int OperationTimeout = -7;
    public const int InvalidState = -9;
    public const int NoNode = -101;
    public const int BadVersion = -103;
    public const int NodeExists = -110;
    public const int NotEmpty = -111;
    public const int SessionExpired = -112;
    public const int Closing = -116;
    public const int SessionMoved = -118;

    public const int SessionEvent = -1;
    public const int ExpiredSessionState = -112;
    public const int AuthFailedState = -113;
    public const int ConnectingState = 1;
    public const int AssociatingState = 2;
    public const int ConnectedState = 3;
    public const int ReadOnlyState = 5;
    public const int NotConnectedState = 999;

    public const int LogLevelWarn = 2;

    /// <summary>struct Stat's int32 version sits after four int64s.</summary>
    public const int StatVersionOffset = 32;

    /// <summary>clientid_t: the session id and its 16-byte password.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ClientId
    {
        public long SessionId;
        public fixed byte Password[16];
    }

    [LibraryImport(Library, EntryPoint = "zookeeper_init2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Init(string hosts, delegate* unmanaged<nint, int, int, byte*, nint, void> watcher, int receiveTimeoutMs,
        ClientId* clientId, nint context, int flags, delegate* unmanaged<byte*, void> log);

    [LibraryImport(Library, EntryPoint = "zookeeper_close")]
    public static partial int Close(nint handle);

    [LibraryImport(Library, EntryPoint = "zoo_state")]
    public static partial int State(nint handle);

    [LibraryImport(Library, EntryPoint = "zoo_client_id")]
    public static partial ClientId* CurrentClientId(nint handle);

    [LibraryImport(Library, EntryPoint = "zoo_set_debug_level")]
    public static partial void SetDebugLevel(int level);

    [LibraryImport(Library, EntryPoint = "zerror")]
    private static partial byte* ErrorText(int code);

    [LibraryImport(Library, EntryPoint = "zoo_aget")]
    public static partial int GetAsync(nint handle, byte* path, int watch, delegate* unmanaged<int, byte*, int, byte*, nint, void> completion, nint data);

    [LibraryImport(Library, EntryPoint = "zoo_aset")]
    public static partial int SetAsync(nint handle, byte* path, byte* buffer, int length, int version, delegate* unmanaged<int, byte*, nint, void> completion, nint data);

    [LibraryImport(Library, EntryPoint = "zoo_acreate")]
    public static partial int CreateAsync(nint handle, byte* path, byte* value, int length, nint acl, int mode, delegate* unmanaged<int, byte*, nint, void> completion, nint data);

    [LibraryImport(Library, EntryPoint = "zoo_adelete")]
    public static partial int DeleteAsync(nint handle, byte* path, int version, delegate* unmanaged<int, nint, void> completion, nint data);

    /// <summary>ZOO_OPEN_ACL_UNSAFE (world:anyone with every permission), the ACL the original's kazoo used.</summary>
    public static nint OpenAcl => s_openAcl.Value;

    private static readonly Lazy<nint> s_openAcl = new(() => NativeLibrary.GetExport(NativeLibrary.Load(Library), "ZOO_OPEN_ACL_UNSAFE"));

    /// <summary>The C client's text for <paramref name="code"/> (e.g. "connection loss").</summary>
    public static string Describe(int code) => $"{Marshal.PtrToStringUTF8((nint)ErrorText(code))} ({code})";

    /// <summary>Whether the library loads (Debian's libzookeeper-mt2 installed).</summary>
    public static bool TryLoad(out string? problem)
    {
        if (NativeLibrary.TryLoad(Library, out _))
        {
            problem = null;
            return true;
        }
        problem = $"the ZooKeeper C client {Library} cannot be loaded (install Debian's libzookeeper-mt2)";
        return false;
    }
}
