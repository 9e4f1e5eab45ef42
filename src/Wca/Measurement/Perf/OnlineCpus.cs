using Wca.Kernel;

namespace Wca.Measurement.Perf;

/// <summary>The online CPUs (<c>/sys/devices/system/cpu/online</c>, the kernel's CPU list format: "0-3,6,10-12").</summary>
internal static class OnlineCpus
{
    /// <summary>The CPUs of <paramref name="text"/>, ascending and distinct; null when it names none.</summary>
    public static int[]? Parse(ReadOnlySpan<byte> text)
    {
        var cpus = KernelText.ParseCpuList(text);
        return cpus.Count == 0 ? null : [.. cpus.Distinct().Order()];
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static int[]? Parse(string text) => Parse(System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>Reads <paramref name="path"/>; null when it cannot be read or names no CPU.</summary>
    public static int[]? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
