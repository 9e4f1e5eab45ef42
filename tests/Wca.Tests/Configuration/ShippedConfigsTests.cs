using Wca.Host.Configuration;
using Wca.Discovery;
using Wca.Host;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

/// <summary>The configs we ship (the reference's own examples among them) load unchanged with the built-in components.</summary>
public sealed class ShippedConfigsTests
{
    private static string RepoFile(string relative) => Path.Combine(RepoLayout.Root, relative);

    private static AgentConfiguration Load(string relative) =>
        ConfigurationLoader.Load(RepoFile(relative), BuiltInComponents.CreateRegistry(), AgentServices.ForTests());

    [Fact]
    public void EmbeddedDefaultMeasuresThisHostsCgroupsToStderr()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load("configs/default.yaml").Runner);
        Assert.IsType<CgroupNode>(runner.Node);
        Assert.IsType<LogStorage>(runner.MetricsStorage);
        Assert.Equal(TimeSpan.FromSeconds(5), runner.Interval);
    }

    [Theory]
    [InlineData("configs/extra/static_measurements.yaml")]
    [InlineData("configs/extra/static_measurements_with_extra_metrics.yaml")]
    public void ReferenceStaticMeasurementsLoad(string config)
    {
        var runner = Assert.IsType<MeasurementRunner>(Load(config).Runner);
        var node = Assert.IsType<StaticNode>(runner.Node);
        Assert.Equal("task1", Assert.Single(node.ConfiguredTasks).TaskId);
        Assert.Equal(TimeSpan.FromSeconds(1), runner.Interval);
    }

    [Fact]
    public void ReferenceNodeExporterConfigWritesAnAtomicFileWithoutTimestamps()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load("configs/extra/static_measurements_for_node_exporter.yaml").Runner);
        var storage = Assert.IsType<LogStorage>(runner.MetricsStorage);
        Assert.True(storage.Overwrite);
        Assert.False(storage.IncludeTimestamp);
    }

    [Fact]
    public void HttpStorageExampleLoadsWithThePluginRegistered()
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.RegisterAssembly(typeof(Example.HttpStorage).Assembly);
        var configuration = ConfigurationLoader.Load(RepoFile("configs/extending/measurement_http_storage.yaml"), registry, AgentServices.ForTests());
        var runner = Assert.IsType<MeasurementRunner>(configuration.Runner);
        Assert.Equal(new Uri("http://127.0.0.1:8000/metrics"), Assert.IsType<Example.HttpStorage>(runner.MetricsStorage).HttpEndpoint);
    }

    [Fact]
    public void DetectionExampleLoadsWithThePluginRegisteredAndKeepsTheReferenceValues()
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.RegisterAssembly(typeof(Example.ExampleDetector).Assembly);
        var configuration = ConfigurationLoader.Load(RepoFile("configs/extending/detection_example.yaml"), registry, AgentServices.ForTests());
        var runner = Assert.IsType<DetectionRunner>(configuration.Runner);
        Assert.Equal(10, Assert.IsType<StaticNode>(runner.Node).ConfiguredTasks.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), runner.Interval);
        Assert.Equal("/tmp/output_anomalies.log", Assert.IsType<LogStorage>(runner.MetricsStorage).OutputFilename);
        Assert.Equal("/tmp/wca_anomalies.log", Assert.IsType<LogStorage>(runner.AnomaliesStorage).OutputFilename);
        Assert.Equal(90, Assert.IsType<Example.ExampleDetector>(runner.Detector).CycleLength);
        Assert.Equal("$HOST_IP", runner.ExtraLabels["env_id"]);
    }
}
