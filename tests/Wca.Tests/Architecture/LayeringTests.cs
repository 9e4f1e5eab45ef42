using System.Reflection;
using Wca.Api;
using Wca.Pipeline;
using static Wca.Tests.Architecture.TypeReferences;

namespace Wca.Tests.Architecture;

/// <summary>
/// The agent's layers (namespaces = folders), checked on what the compiled types really use: signatures, fields,
/// base types, attributes and method bodies (see <see cref="TypeReferences"/>). A violation names the type, the
/// member and the referenced type.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Agent = typeof(IterationLoop).Assembly;
    private static readonly Assembly Api = typeof(INode).Assembly;

    /// <summary>Every reference of an agent type to a wca type (the agent's or the API's).</summary>
    private static readonly Lazy<Reference[]> AgentReferences = new(() => WcaReferences(Agent));

    private static Reference[] WcaReferences(Assembly assembly) =>
        [.. assembly.GetTypes().SelectMany(Of).Where(r => r.To.Namespace is { } ns && (ns == "Wca" || ns.StartsWith("Wca.", StringComparison.Ordinal)))];

    private static bool In(Type type, string layer) =>
        type.Namespace is { } ns && (ns == layer || ns.StartsWith(layer + ".", StringComparison.Ordinal));

    private static bool InAny(Type type, params string[] layers) => layers.Any(l => In(type, l));

    private static IEnumerable<Reference> From(params string[] layers)
    {
        var found = AgentReferences.Value.Where(r => InAny(r.From, layers)).ToArray();
        Assert.True(found.Length > 0, $"no references from {string.Join(", ", layers)}: the rule would check nothing");
        return found;
    }

    private static void AssertNone(IEnumerable<Reference> violations, string rule)
    {
        var lines = violations.Select(v => v.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Assert.True(lines.Length == 0, $"{rule}; {lines.Length} violations:\n  " + string.Join("\n  ", lines.Take(40)));
    }

    [Fact]
    public void TheWalkerSeesSignaturesFieldsBaseTypesAndMethodBodies()
    {
        var refs = AgentReferences.Value;
        // A body-only use (MeasurementCycle names AgentVersion nowhere but in a method body) ...
        Assert.Contains(refs, r => r.From == typeof(MeasurementCycle) && r.Member == "BuildCommonLabels() body" && r.To == typeof(Wca.Host.AgentVersion));
        // ... a constructor parameter, a field, an interface and a base type.
        Assert.Contains(refs, r => r.From == typeof(Wca.Kernel.Cgroups.CgroupFs) && r.Member == ".ctor() parameter paths" && r.To == typeof(Wca.Host.HostPaths));
        Assert.Contains(refs, r => r.From == typeof(MeasurementCycle) && r.Member == "_tasks" && r.To == typeof(TaskRegistry));
        Assert.Contains(refs, r => r.From == typeof(MeasurementCycle) && r.Member == "interface" && r.To == typeof(IResourceFailures));
        Assert.Contains(refs, r => r.From == typeof(Wca.Runners.MeasurementRunner) && r.Member == "base type" && r.To == typeof(Wca.Runners.MeasuringRunner));
    }

    [Fact]
    public void TheKernelLayerUsesNothingOfWcaAboveIt()
    {
        // The one allowed exception: the kernel's cgroupfs view is rooted at the host's paths (HostPaths, a plain
        // record of where /sys and /proc are). Not even the API: the kernel layer knows no metrics or tasks.
        Type[] allowed = [typeof(Wca.Host.HostPaths)];
        AssertNone(From("Wca.Kernel").Where(r => !In(r.To, "Wca.Kernel") && !allowed.Contains(r.To)),
            "Wca.Kernel* may use only Wca.Kernel* and Wca.Host.HostPaths");
    }

    [Fact]
    public void NothingBelowTheHostUsesTheCommandLine()
    {
        AssertNone(From("Wca.Discovery", "Wca.Measurement", "Wca.Pipeline", "Wca.Decision", "Wca.Storage", "Wca.Runners").Where(r => In(r.To, "Wca.Host.Cli")),
            "Wca.Discovery, Measurement*, Pipeline, Decision, Storage and Runners may not use Wca.Host.Cli");
    }

    [Fact]
    public void TheConfigurationKnowsNoRunnerNodeOrStorageType()
    {
        // The configuration binds whatever components it is handed (the built-in list lives in Wca.BuiltInComponents):
        // it sees the API's contracts (IRunner, INode, IStorage), never an implementation, nor that list.
        static bool Implementation(Type t) =>
            t.Assembly == Agent && !t.IsInterface
            && (typeof(IRunner).IsAssignableFrom(t) || typeof(INode).IsAssignableFrom(t) || typeof(IStorage).IsAssignableFrom(t));
        AssertNone(From("Wca.Host.Configuration").Where(r =>
                InAny(r.To, "Wca.Runners", "Wca.Discovery", "Wca.Storage") || Implementation(r.To) || r.To == typeof(BuiltInComponents)),
            "Wca.Host.Configuration* may not use a runner, node or storage type, nor Wca.BuiltInComponents");
    }

    [Fact]
    public void TheApiUsesNothingOfTheAgent()
    {
        Assert.DoesNotContain(Api.GetReferencedAssemblies(), a => a.Name == Agent.GetName().Name);
        var refs = WcaReferences(Api);
        Assert.NotEmpty(refs);
        AssertNone(refs.Where(r => !In(r.To, "Wca.Api")), "Wca.Api may use only Wca.Api*");
    }
}
