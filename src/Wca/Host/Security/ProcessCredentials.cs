using System.Runtime.InteropServices;

namespace Wca.Host.Security;

/// <summary>The calling process's effective uid and effective capability set, straight from the kernel.</summary>
public static partial class ProcessCredentials
{
    // _LINUX_CAPABILITY_VERSION_3: two 32-bit data words (capabilities 0-63).
    private const uint CapabilityVersion3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static unsafe partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static uint EffectiveUid => GetEuid();

    /// <summary>Effective capabilities of this process as a bit mask (bit n = capability n).</summary>
    /// <exception cref="InvalidOperationException">capget failed.</exception>
    public static unsafe ulong EffectiveCapabilities()
    {
        var header = new CapHeader { Version = CapabilityVersion3, Pid = 0 };
        var data = stackalloc CapData[2];
        if (CapGet(&header, data) != 0)
            throw new InvalidOperationException($"Unable to get capabilities of {Environment.ProcessId}: capget failed with errno {Marshal.GetLastPInvokeError()}");
        return data[0].Effective | ((ulong)data[1].Effective << 32);
    }

    public static bool Has(ulong capabilities, LinuxCapability capability) => (capabilities & (1UL << (int)capability)) != 0;
}
