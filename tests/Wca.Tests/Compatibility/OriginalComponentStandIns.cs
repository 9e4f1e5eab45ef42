namespace Wca.Tests.Compatibility;

// Stand-ins for components of the original's final release the agent does not have yet, registered only by
// OriginalConfigsTests. Each takes exactly the original's keys with their types, so a config that loads here loads
// with the real component as soon as it accepts the original's keys. They do nothing. None is left: every component
// of the original's configs is real (the last, NUMAAllocator, is Wca.Decision.Numa.NumaAllocator).

/// <summary>A stand-in for a component of the original the agent does not have yet.</summary>
public interface IOriginalStandIn;
