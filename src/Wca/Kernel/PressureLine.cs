namespace Wca.Kernel;

/// <summary>
/// One line of a PSI file (/proc/pressure/* and cgroup2 *.pressure), the same format for the platform and a task:
/// "some avg10=2.04 avg60=1.46 avg300=0.94 total=4703042". avg10 is a percentage (given as a ratio), total is
/// microseconds (given as seconds); a field that is missing or unparsable is null.
/// </summary>
/// <param name="Kind">0 for "some", 1 for "full".</param>
internal readonly record struct PressureLine(int Kind, double? Avg10Ratio, double? StalledSeconds)
{
    /// <summary>False for a line that is neither "some" nor "full".</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out PressureLine parsed)
    {
        parsed = default;
        if (!KernelText.NextField(ref line, out var kind)) return false;
        var k = kind.SequenceEqual("some"u8) ? 0 : kind.SequenceEqual("full"u8) ? 1 : -1;
        if (k < 0) return false;
        double? avg10 = KernelText.TryFindDouble(line, "avg10"u8, out var a) && double.IsFinite(a) ? a / 100 : null;
        double? total = KernelText.TryFindDouble(line, "total"u8, out var t) && double.IsFinite(t) ? t / 1e6 : null;
        parsed = new PressureLine(k, avg10, total);
        return true;
    }
}
