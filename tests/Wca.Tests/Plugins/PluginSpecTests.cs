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

    [Theory]
    [InlineData("example.external_package:ExampleDetector", "Example.ExampleDetector")]
    [InlineData("example.hello_world_runner:HelloWorldRunner", "Example.HelloWorldRunner")]
    [InlineData("example.http_storage:HTTPStorage", "Example.HttpStorage")]
    public void The_originals_bundled_names_are_the_example_plugins_types(string text, string type)
    {
        var spec = PluginSpec.Parse(text);
        Assert.Equal(type, spec.TypeName);
        Assert.Equal("Wca.Examples", spec.AssemblyName);
        Assert.Null(spec.AssemblyPath);
    }

    [Theory]
    [InlineData("wca.databases:LocalDatabase", "LocalDatabase")]
    [InlineData("my_package.detector:MyDetector", "MyDetector")]
    [InlineData("example.external_package:Other", "Other")]
    public void Another_python_name_says_what_to_pass_instead(string text, string type)
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginSpec.Parse(text));
        Assert.Equal($"Cannot register '{text}': that is a Python module:Class name of the original WCA; this agent loads .NET assemblies: "
            + $"pass path/to/Plugin.dll:Namespace.{type} or 'Namespace.{type}, AssemblyName' (a component written for the original has to be "
            + "ported to C#: see docs/coming-from-wca.md). The original's bundled names are accepted as they are: "
            + "example.external_package:ExampleDetector, example.hello_world_runner:HelloWorldRunner, example.http_storage:HTTPStorage.", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_value_says_that_it_is_empty(string text)
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginSpec.Parse(text));
        Assert.Contains("the register value is empty", e.Message);
    }
}
