using Wca.Host.Configuration;
using Wca.Runners;

namespace Wca.Tests.Configuration;

public sealed class ComponentRegistryTests
{
    [Fact]
    public void DefaultRegistryHoldsTheAgentsOwnComponents()
    {
        var registry = BuiltInComponents.CreateRegistry();
        Assert.True(registry.TryResolve("MeasurementRunner", out var type));
        Assert.Equal(typeof(MeasurementRunner), type);
        Assert.False(registry.TryResolve("FakeNode", out _));
    }

    [Fact]
    public void DefaultRegistryListsEveryWcaComponentOfTheAgent()
    {
        // BuiltInComponents names its types (the Native AOT build keeps exactly those): a new [WcaComponent] must be added there.
        var marked = typeof(ComponentRegistry).Assembly.GetTypes()
            .Where(t => t.IsDefined(typeof(Wca.Api.Configuration.WcaComponentAttribute), false))
            .Select(t => t.GetCustomAttributes(typeof(Wca.Api.Configuration.WcaComponentAttribute), false).Cast<Wca.Api.Configuration.WcaComponentAttribute>().Single().Tag ?? t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(marked, BuiltInComponents.CreateRegistry().Tags);
    }

    [Fact]
    public void TagDefaultsToTheAttributeThenTheClassName()
    {
        var registry = new ComponentRegistry();
        Assert.Equal(1, registry.RegisterAssembly(typeof(ComponentRegistryTests).Assembly));
        Assert.True(registry.TryResolve("!CustomTagged", out var type));
        Assert.Equal(typeof(AttributeTaggedComponent), type);

        registry.Register(typeof(FakeNode));
        registry.Register(typeof(FakeStorage), "!Store");
        Assert.Equal(["CustomTagged", "FakeNode", "Store"], registry.Tags);
    }

    [Fact]
    public void LaterRegistrationOfATagWins()
    {
        var registry = new ComponentRegistry();
        registry.Register(typeof(FakeStorage), "Storage");
        registry.Register(typeof(TrackedStorage), "Storage");
        Assert.True(registry.TryResolve("Storage", out var type));
        Assert.Equal(typeof(TrackedStorage), type);
        Assert.Single(registry.Tags);
    }

    [Fact]
    public void TypesThatCannotBeBuiltAreRefused()
    {
        var registry = new ComponentRegistry();
        Assert.Throws<ArgumentException>(() => registry.Register(typeof(Wca.Api.INode)));
        Assert.Throws<ArgumentException>(() => registry.Register(typeof(List<>)));
        Assert.Throws<ArgumentException>(() => registry.Register(typeof(FakeNode), "Env"));
        Assert.Throws<ArgumentException>(() => registry.Register(typeof(FakeNode), "two words"));
        Assert.Empty(registry.Tags);
    }
}
