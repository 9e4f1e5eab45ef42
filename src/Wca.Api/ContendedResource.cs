namespace Wca.Api;

/// <summary>The resource two or more tasks fight over; <see cref="ContendedResourceText.ToLabelText"/> gives its label.</summary>
public enum ContendedResource
{
    MemoryBandwidth,
    LlcOccupancy,
    Cpus,
    ThermalDesignPower,
    Unknown,
}
