using System.Net;
using System.Net.Sockets;
using Wca.Tests.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>
/// <c>wca --check-config FILE</c> (a unit's ExecStartPre, a package upgrade): exit 0 or 1 with the message, having
/// touched nothing: no metrics file created, no port bound (the test holds the port itself, so a bind would fail).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CheckConfigTests
{
    [Fact]
    public void A_valid_config_exits_0_without_creating_its_output_file_or_binding_its_port()
    {
        using var dir = new TestDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var output = dir.File("anomalies.log");
        var config = dir.Write("config.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: [wca-check-config-never-created]
              interval: 0.2
              metrics_storage: !PrometheusStorage
                listen: '127.0.0.1:{port}'
              anomalies_storage: !LogStorage
                output_filename: '{output}'
            """);

        // As root and without --root: checking a file is what a package upgrade does as root.
        var (exit, stdout, stderr) = WcaProcess.Run(["--check-config", config]);

        Assert.True(exit == 0, $"exit {exit}. stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains($"wca: {config}: configuration OK (runner MeasurementRunner", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "--check-config created the LogStorage output file");
        Assert.False(Directory.Exists("/sys/fs/cgroup/wca-check-config-never-created"));
        Assert.DoesNotContain("Listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_config_exits_1_with_the_message_naming_the_key()
    {
        using var dir = new TestDirectory();
        var config = dir.Write("broken.yaml", """
            runner: !MeasurementRunner
              node: !StaticNode
                tasks: []
              interval: 600
            """);

        var (exit, stdout, stderr) = WcaProcess.Run(["--check-config", config]);

        Assert.True(exit == 1, $"exit {exit}. stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("wca: error: Cannot load config file", stderr, StringComparison.Ordinal);
        Assert.Contains("interval", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration OK", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_1_naming_it()
    {
        using var dir = new TestDirectory();
        var missing = dir.File("nowhere.yaml");

        var (exit, _, stderr) = WcaProcess.Run(["--check-config", missing]);

        Assert.Equal(1, exit);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
    }
}
