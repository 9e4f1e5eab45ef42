namespace Wca.Measurement.Platform;

/// <summary><c>gather_hw_mm_topology: true</c> and a tool is missing or fails: a start-up error naming it.</summary>
public sealed class MemoryTopologyException(string message) : Exception(message);
