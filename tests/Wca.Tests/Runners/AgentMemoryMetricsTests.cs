using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>wca_mem_usage_bytes has the original's meaning (peak RSS of the agent plus its reaped children); the current RSS is wca_mem_resident_bytes.</summary>
public sealed class AgentMemoryMetricsTests
{
    [Fact]
    public void Usage_is_the_peak_with_children_and_resident_is_now()
    {
        // A reaped child that was bigger than this test process's own peak would show in the sum; any child counts.
        using (var child = System.Diagnostics.Process.Start("sh", "-c true")) child.WaitForExit();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
        using var runner = new MeasurementRunner(services)
        {
            Node = new StaticNode([], services.Cgroups, NullLogger.Instance), MetricsStorage = new LogStorage(output, overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        var samples = PrometheusSamples.Parse(File.ReadAllText(output));
        double Value(string name) => Assert.Single(samples, s => s.Name == name).Value;
        var hwm = long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        Assert.InRange(Value("wca_mem_usage_bytes"), Value("wca_mem_max_usage_bytes"), hwm * 4);
        Assert.True(Value("wca_mem_usage_bytes") >= Value("wca_mem_resident_bytes"));
        Assert.InRange(Value("wca_mem_resident_bytes"), 1 << 20, hwm);
    }
}
