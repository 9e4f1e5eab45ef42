using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Wca.Tests.TestSupport;

/// <summary>
/// Debian's Prometheus server (/usr/bin/prometheus) on a free loopback port, scraping one target every second, with
/// its data in a temporary directory; killed and cleaned up on dispose.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(string scrapeConfig)
    {
        Port = FreePort();
        var config = _dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
            {scrapeConfig}
            """);
        _process = Process.Start(new ProcessStartInfo("/usr/bin/prometheus",
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + _dir.File("data"),
            "--web.listen-address=127.0.0.1:" + Port,
            "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>What the server wrote to stderr, for failure messages.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Starts a server scraping <paramref name="target"/> (host:port) as job "wca", and waits until it is ready.</summary>
    /// <param name="target">The agent's address.</param>
    /// <param name="path">The agent's metrics path.</param>
    /// <param name="tls">Scrape over HTTPS, trusting <paramref name="caFile"/>.</param>
    /// <param name="caFile">PEM certificate the agent serves.</param>
    /// <param name="user">Basic-auth user, or null.</param>
    /// <param name="password">Basic-auth password.</param>
    public static PrometheusServer Start(string target, string path = "/metrics", bool tls = false, string? caFile = null, string? user = null, string? password = null)
    {
        var job = $"""
              - job_name: wca
                metrics_path: {path}
                scheme: {(tls ? "https" : "http")}
            """;
        if (tls) job += $"\n    tls_config:\n      ca_file: {caFile}";
        if (user is not null) job += $"\n    basic_auth:\n      username: {user}\n      password: {password}";
        job += $"\n    static_configs:\n      - targets: ['{target}']";
        var server = new PrometheusServer(job);
        try
        {
            server.WaitReady();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void WaitReady()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited {_process.ExitCode}: {string.Join('\n', Log)}");
            try
            {
                if (_http.GetAsync($"http://127.0.0.1:{Port}/-/ready").Result.StatusCode == HttpStatusCode.OK) return;
            }
            catch (AggregateException e) when (e.InnerException is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException("prometheus not ready after 30 s: " + string.Join('\n', Log));
    }

    /// <summary>The instant vector of <paramref name="promql"/>: each series' labels and value.</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> Query(string promql)
    {
        var json = _http.GetStringAsync($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(promql)}").Result;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success") throw new InvalidOperationException("query failed: " + json);
        var result = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var series in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in series.GetProperty("metric").EnumerateObject()) labels[label.Name] = label.Value.GetString()!;
            var value = series.GetProperty("value")[1].GetString()!;
            result.Add((labels, double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>Polls <paramref name="promql"/> until <paramref name="done"/> holds for its result, or fails after <paramref name="timeout"/>.</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> WaitFor(string promql,
        Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<(IReadOnlyDictionary<string, string>, double)> last = [];
        while (clock.Elapsed < timeout)
        {
            last = Query(promql);
            if (done(last)) return last;
            Thread.Sleep(250);
        }
        var targets = _http.GetStringAsync($"http://127.0.0.1:{Port}/api/v1/targets").Result;
        throw new TimeoutException($"'{promql}' not as expected after {timeout.TotalSeconds} s: {last.Count} series; targets: {targets}; log: {string.Join('\n', Log)}");
    }

    /// <summary>A TCP port nobody listens on right now (the kernel's pick).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
            _dir.Dispose();
        }
    }
}
