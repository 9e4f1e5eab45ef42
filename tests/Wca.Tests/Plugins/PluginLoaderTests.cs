using Wca.Api;
using Wca.Host.Configuration;
using Wca.Host.Plugins;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Plugins;

/// <summary>Loads the real built examples plugin (examples/Wca.Examples/bin/...).</summary>
public sealed class PluginLoaderTests
{
    private static PluginLoader Loader(ComponentRegistry registry, string? configDirectory = null, string? pluginPath = null) =>
        new(registry, configDirectory, name => name == PluginLoader.PluginPathVariable ? pluginPath : null);

    [Fact]
    public void File_spelling_registers_the_type_and_every_component_of_the_assembly()
    {
        var registry = new ComponentRegistry();
        var type = Loader(registry).Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HelloWorldRunner"));

        Assert.Equal("Example.HelloWorldRunner", type.FullName);
        Assert.True(registry.TryResolve("HelloWorldRunner", out var resolved));
        Assert.Same(type, resolved);
        Assert.True(registry.TryResolve("ExampleDetector", out _));
        Assert.True(registry.TryResolve("HttpStorage", out _));
    }

    [Fact]
    public void Plugin_types_share_the_hosts_api_types()
    {
        var type = Loader(new ComponentRegistry()).Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HelloWorldRunner"));
        // Loaded in its own context, yet an IRunner of the host: Wca.Api comes from the host.
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(type.Assembly));
        var runner = Assert.IsAssignableFrom<IRunner>(Activator.CreateInstance(type, [false]));
        Assert.NotNull(runner);
    }

    [Fact]
    public void Plugin_loggers_are_the_hosts_so_the_agent_injects_them()
    {
        var detector = Loader(new ComponentRegistry()).Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.ExampleDetector"));
        var loggerParameter = detector.GetConstructors().Single().GetParameters()[0].ParameterType;
        Assert.Same(typeof(Microsoft.Extensions.Logging.ILogger<>), loggerParameter.GetGenericTypeDefinition());
        Assert.True(Wca.Host.AgentServices.IsService(loggerParameter));
    }

    [Fact]
    public void Assembly_name_spelling_searches_the_config_directory_first()
    {
        using var dir = new TestDirectory();
        File.Copy(RepoLayout.ExamplesDll, Path.Combine(dir.Path, "Wca.Examples.dll"));
        var type = Loader(new ComponentRegistry(), configDirectory: dir.Path, pluginPath: RepoLayout.ExamplesDirectory)
            .Register(PluginSpec.Parse("Example.ExampleDetector, Wca.Examples"));
        Assert.Equal(Path.Combine(dir.Path, "Wca.Examples.dll"), type.Assembly.Location);
    }

    [Fact]
    public void Assembly_name_spelling_then_searches_WCA_PLUGIN_PATH()
    {
        using var dir = new TestDirectory();
        var type = Loader(new ComponentRegistry(), configDirectory: dir.Path, pluginPath: "/nonexistent:" + RepoLayout.ExamplesDirectory)
            .Register(PluginSpec.Parse("Example.HttpStorage, Wca.Examples"));
        Assert.Equal(RepoLayout.ExamplesDll, type.Assembly.Location);
    }

    [Fact]
    public void Two_types_of_one_file_load_the_assembly_once()
    {
        var loader = Loader(new ComponentRegistry());
        var a = loader.Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HelloWorldRunner"));
        var b = loader.Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HttpStorage"));
        Assert.Same(a.Assembly, b.Assembly);
    }

    [Fact]
    public void Missing_file_names_the_places_searched()
    {
        using var dir = new TestDirectory();
        var e = Assert.Throws<PluginLoadException>(() => Loader(new ComponentRegistry(), dir.Path, "/nonexistent")
            .Register(PluginSpec.Parse("Example.HelloWorldRunner, Wca.NoSuchPlugin")));
        Assert.Contains("Wca.NoSuchPlugin.dll", e.Message);
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("/nonexistent", e.Message);

        var missing = Path.Combine(dir.Path, "Nope.dll");
        var e2 = Assert.Throws<PluginLoadException>(() => Loader(new ComponentRegistry()).Register(PluginSpec.Parse($"{missing}:A.B")));
        Assert.Contains(missing, e2.Message);
    }

    [Fact]
    public void Unknown_type_lists_the_component_types_of_the_assembly()
    {
        var e = Assert.Throws<PluginLoadException>(() => Loader(new ComponentRegistry())
            .Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HelloWorld")));
        Assert.Contains("'Example.HelloWorld' not found", e.Message);
        Assert.Contains(RepoLayout.ExamplesDll, e.Message);
        Assert.Contains("Example.ExampleDetector, Example.HelloWorldRunner, Example.HttpStorage", e.Message);
    }

    [Fact]
    public void A_type_that_is_not_a_component_is_refused()
    {
        var e = Assert.Throws<PluginLoadException>(() => Loader(new ComponentRegistry())
            .Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.CounterRate")));
        Assert.Contains("'Example.CounterRate'", e.Message);
        Assert.Contains("is not a component", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_refused_naming_it()
    {
        using var dir = new TestDirectory();
        var bogus = dir.Write("Bogus.dll", "not a PE file");
        var e = Assert.Throws<PluginLoadException>(() => Loader(new ComponentRegistry()).Register(PluginSpec.Parse($"{bogus}:A.B")));
        Assert.Contains(bogus, e.Message);
        Assert.Contains("not a loadable .NET assembly", e.Message);
    }

    [Fact]
    public void The_example_storage_answers_to_the_originals_tag_and_to_its_class_name()
    {
        var registry = new ComponentRegistry();
        var type = Loader(registry).Register(PluginSpec.Parse($"{RepoLayout.ExamplesDll}:Example.HttpStorage"));
        Assert.True(registry.TryResolve("HTTPStorage", out var byTag));
        Assert.True(registry.TryResolve("HttpStorage", out var byClass));
        Assert.Same(type, byTag);
        Assert.Same(type, byClass);
    }

    [Theory]
    [InlineData("example.external_package:ExampleDetector", "Example.ExampleDetector")]
    [InlineData("example.hello_world_runner:HelloWorldRunner", "Example.HelloWorldRunner")]
    [InlineData("example.http_storage:HTTPStorage", "Example.HttpStorage")]
    public void A_bundled_name_loads_the_example_plugin_from_the_search_path(string text, string type)
    {
        using var dir = new TestDirectory();
        var registered = Loader(new ComponentRegistry(), configDirectory: dir.Path, pluginPath: RepoLayout.ExamplesDirectory).Register(PluginSpec.Parse(text));
        Assert.Equal(type, registered.FullName);
        Assert.Equal(RepoLayout.ExamplesDll, registered.Assembly.Location);
    }

    [Fact]
    public void The_originals_http_storage_config_loads_unchanged_with_the_bundled_name()
    {
        var registry = Wca.BuiltInComponents.CreateRegistry();
        Loader(registry, pluginPath: RepoLayout.ExamplesDirectory).Register(PluginSpec.Parse("example.http_storage:HTTPStorage"));
        // The original's configs/extending/measurement_http_storage.yaml (final release), byte for byte.
        using var dir = new TestDirectory();
        var original = dir.Write("measurement_http_storage.yaml",
            "runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n  metrics_storage: !HTTPStorage\n");
        var configuration = ConfigurationLoader.Load(original, registry, Wca.Host.AgentServices.ForTests());
        var runner = Assert.IsType<Wca.Runners.MeasurementRunner>(configuration.Runner);
        // The plugin's own load context: its type is not the test's Example.HttpStorage.
        var storage = Assert.IsAssignableFrom<Wca.Api.IStorage>(runner.MetricsStorage);
        Assert.Equal("Example.HttpStorage", storage.GetType().FullName);
        Assert.Equal(new Uri("http://127.0.0.1:8000"), storage.GetType().GetProperty("HttpEndpoint")!.GetValue(storage));
        Assert.Equal("Json", storage.GetType().GetProperty("Format")!.GetValue(storage)!.ToString());
    }
}
