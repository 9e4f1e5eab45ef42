namespace Wca.Api;

/// <summary>The resource two or more tasks fight over; <see cref="ContendedResourceText.ToLabelText"/> gives its label.</summary>
public enum ContendedResource
{
    /// <summary>Memory bandwidth (label "memory bandwidth").</summary>
    MemoryBandwidth,

    /// <summary>Last-level cache occupancy (label "cache").</summary>
    LlcOccupancy,

    /// <summary>CPU time (label "cpus").</summary>
    Cpus,

    /// <summary>The package's power budget (label "thermal design power").</summary>
    ThermalDesignPower,

    /// <summary>Something else (label "unknown resource").</summary>
    Unknown,
}
