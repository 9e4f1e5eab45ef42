using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;

namespace Wca.Tests.TestSupport;

/// <summary>A configuration file run as the agent runs it: loaded with the example plugin registered, its runner's own
/// loop until stopped, then every component disposed in reverse order.</summary>
internal static class ConfiguredRun
{
    /// <summary>Runs <paramref name="path"/>'s runner for <paramref name="duration"/> (a TRunner, exit code 0 asserted); returns its iterations.</summary>
    public static long ForDuration<TRunner>(string path, TimeSpan duration) where TRunner : MeasuringRunner
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.RegisterAssembly(typeof(Example.ExampleDetector).Assembly);
        var configuration = ConfigurationLoader.Load(path, registry, AgentServices.ForTests());
        try
        {
            var runner = Assert.IsType<TRunner>(configuration.Runner);
            using var stop = new CancellationTokenSource(duration);
            Assert.Equal(0, runner.Run(stop.Token));
            return runner.Iterations;
        }
        finally
        {
            foreach (var component in configuration.Components.Reverse()) (component as IDisposable)?.Dispose();
        }
    }
}
