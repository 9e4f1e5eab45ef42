namespace Wca.Api;

/// <summary>The original's texts of <see cref="ContendedResource"/>, used as the <c>resource</c> label value.</summary>
public static class ContendedResourceText
{
    /// <summary>
    /// <c>memory bandwidth</c>, <c>cache</c>, <c>cpus</c>, <c>thermal design power</c> or <c>unknown resource</c>:
    /// the values dashboards and alerts of the original select on.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resource"/> is not a defined value.</exception>
    public static string ToLabelText(this ContendedResource resource) => resource switch
    {
        ContendedResource.MemoryBandwidth => "memory bandwidth",
        ContendedResource.LlcOccupancy => "cache",
        ContendedResource.Cpus => "cpus",
        ContendedResource.ThermalDesignPower => "thermal design power",
        ContendedResource.Unknown => "unknown resource",
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a ContendedResource value."),
    };
}
