namespace Wca.Tests.TestSupport;

/// <summary>
/// Tests that measure the whole process (CPU given to a busy cgroup, open descriptors, memory) run alone,
/// after the parallel ones, so that other tests neither steal the CPU nor open files meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial (whole-process measurements)";
}
