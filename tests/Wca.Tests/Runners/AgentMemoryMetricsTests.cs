using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel;
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
        // A reaped child, so that the RUSAGE_CHILDREN part is not 0.
        using (var child = System.Diagnostics.Process.Start("sh", "-c true")) child.WaitForExit();
        var selfBefore = ResourceUsage.PeakResidentBytes(children: false);
        var childrenBefore = ResourceUsage.PeakResidentBytes(children: true);
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
        // Both peaks only grow, and other tests in this process reap children of any size (a ZooKeeper JVM) at any
        // time: the metric lies between the sum read before the iteration and the sum read after it.
        var usage = Value("wca_mem_usage_bytes");
        Assert.InRange(usage, selfBefore + childrenBefore, ResourceUsage.PeakResidentBytes(children: false) + ResourceUsage.PeakResidentBytes(children: true));
        Assert.True(childrenBefore > 0, "the reaped sh child's peak is counted");
        Assert.True(usage >= Value("wca_mem_max_usage_bytes"), "at least the agent's own peak");
        Assert.True(usage >= Value("wca_mem_resident_bytes"));
        Assert.InRange(Value("wca_mem_resident_bytes"), 1 << 20, hwm);
    }
}
