using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>The text of an errno ("No such device"), cached: a file failing every iteration must not allocate a message each time.</summary>
internal static class Errno
{
    private static readonly string?[] Texts = new string?[256];

    public static string Describe(int errno)
    {
        if ((uint)errno >= (uint)Texts.Length) return Marshal.GetPInvokeErrorMessage(errno);
        return Texts[errno] ??= Marshal.GetPInvokeErrorMessage(errno);
    }
}
