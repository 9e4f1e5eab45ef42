using Wca.Host.Plugins;

namespace Wca.Tests.Plugins;

public sealed class PluginSpecTests
{
    [Theory]
    [InlineData("path/to/Plugin.dll:Example.HelloWorldRunner", "Example.HelloWorldRunner", "path/to/Plugin.dll", null)]
    [InlineData("/abs/Plugin.DLL:A.B", "A.B", "/abs/Plugin.DLL", null)]
    [InlineData("Example.HelloWorldRunner, Wca.Examples", "Example.HelloWorldRunner", null, "Wca.Examples")]
    [InlineData("Example.HelloWorldRunner,Wca.Examples", "Example.HelloWorldRunner", null, "Wca.Examples")]
    [InlineData("Wca.Examples:Example.HelloWorldRunner", "Example.HelloWorldRunner", null, "Wca.Examples")]
    public void Parses_both_spellings(string text, string type, string? path, string? assembly)
    {
        var spec = PluginSpec.Parse(text);
        Assert.Equal(type, spec.TypeName);
        Assert.Equal(path, spec.AssemblyPath);
        Assert.Equal(assembly, spec.AssemblyName);
    }

    [Theory]
    [InlineData("Example.HelloWorldRunner")]
    [InlineData("Plugin.dll:")]
    [InlineData(", Wca.Examples")]
    public void Rejects_a_value_with_neither_spelling(string text)
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginSpec.Parse(text));
        Assert.Contains(text, e.Message);
        Assert.Contains("Namespace.Type, AssemblyName", e.Message);
    }
}
