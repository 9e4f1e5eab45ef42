namespace Wca.Api.Wrapper;

/// <summary>
/// Names an <see cref="IWorkloadParser"/> for <c>wca-wrapper --parser NAME</c>, optionally with the original's launcher
/// name (<c>specjbb_wrapper</c> ...) that selects it when the wrapper is started under that name. Built-in parsers are
/// registered in the wrapper's list with the same facts; a parser of your own is handed to
/// <c>Wca.Wrapper.WorkloadWrapper.Run</c> with its name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorkloadParserAttribute(string name) : Attribute
{
    /// <summary>The <c>--parser</c> name (lower case, words joined by <c>_</c>: <c>stress_ng</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The original's executable name without <c>.pex</c> (<c>stress_ng_wrapper</c>); null = none.</summary>
    public string? LauncherName { get; init; }

    /// <summary>One line for <c>--help</c>: which workload's output the parser reads.</summary>
    public string? Description { get; init; }
}
