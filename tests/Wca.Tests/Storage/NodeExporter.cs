using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wca.Tests.Storage;

/// <summary>
/// A real prometheus-node-exporter on 127.0.0.1 with only the textfile collector, reading
/// <c>*.prom</c> files from a directory; killed (only this process) on dispose. A launcher (e.g. setpriv) runs it as
/// another user, as node_exporter runs in production.
/// </summary>
public sealed class NodeExporter : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public NodeExporter(string textfileDirectory, IReadOnlyList<string>? launcher = null)
    {
        Port = FreePort();
        string[] command = [.. launcher ?? [], "prometheus-node-exporter",
            "--collector.disable-defaults", "--collector.textfile", $"--collector.textfile.directory={textfileDirectory}",
            $"--web.listen-address=127.0.0.1:{Port}"];
        _process = Process.Start(new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>GET /metrics, retrying (bounded: 10 s) while the exporter starts.</summary>
    public string Scrape()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return _http.GetStringAsync($"http://127.0.0.1:{Port}/metrics").GetAwaiter().GetResult();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
