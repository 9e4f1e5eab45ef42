using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace Wca.Tests.TestSupport;

/// <summary>
/// Debian's etcd (/usr/bin/etcd, 3.4) as a one-member cluster on free loopback ports, its data in a temporary directory;
/// plain http, or https requiring a client certificate of <see cref="TestCertificates"/>' CA. Can be stopped and
/// started again (same ports and data) and paused (SIGSTOP: it accepts connections but never answers). Killed and
/// removed on dispose, also when a test fails.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TestCertificates? _certificates;
    private readonly int _peerPort;
    private Process? _process;

    private EtcdServer(TestCertificates? certificates)
    {
        _certificates = certificates;
        ClientPort = PrometheusServer.FreePort();
        _peerPort = PrometheusServer.FreePort();
    }

    public int ClientPort { get; }

    /// <summary>The base URL a client gives as a host.</summary>
    public string Url => $"{(_certificates is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    /// <summary>What the server wrote, for failure messages.</summary>
    public List<string> Log { get; } = [];

    /// <summary>A running server; with <paramref name="certificates"/>, https only with client certificates required.</summary>
    public static EtcdServer Start(TestCertificates? certificates = null)
    {
        var server = new EtcdServer(certificates);
        try
        {
            server.Start();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it answers.</summary>
    public void Start()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("etcd runs already");
        var peer = $"http://127.0.0.1:{_peerPort}";
        List<string> arguments =
        [
            "--name", "wca-test",
            "--data-dir", _dir.File("data"),
            "--listen-client-urls", Url,
            "--advertise-client-urls", Url,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "wca-test=" + peer,
            "--log-level", "warn",
            "--logger", "zap",
        ];
        if (_certificates is not null)
        {
            var (cert, key) = IssueServerCertificate(_certificates);
            arguments.AddRange(["--cert-file", cert, "--key-file", key, "--trusted-ca-file", _certificates.CaPath, "--client-cert-auth"]);
        }
        var start = new ProcessStartInfo("/usr/bin/etcd", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        // The Debian package reads ETCD_* variables: none of the machine's may leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ETCD", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilHealthy(TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills the server (its data stays for <see cref="Start()"/>).</summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            Kill(_process.Id, 18); // SIGCONT: a paused server must be able to die
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the kernel still accepts connections, nothing answers (a hung server).</summary>
    public void Pause()
    {
        Signal(19);
        StoppedProcess.WaitUntilStopped(_process!.Id);
    }

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(18);

    private void Signal(int number)
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException("etcd does not run");
        if (Kill(_process.Id, number) != 0) throw new InvalidOperationException($"kill({number}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// A server certificate of the test CA that is a client certificate too: etcd 3.4's JSON gateway dials the
    /// server's own gRPC port with it, and a serverAuth-only certificate makes every gateway call fail with 503.
    /// </summary>
    private (string Cert, string Key) IssueServerCertificate(TestCertificates certificates)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(certificates.Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return (_dir.Write("etcd-server.crt", issued.ExportCertificatePem()), _dir.Write("etcd-server.key", key.ExportPkcs8PrivateKeyPem()));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void WaitUntilHealthy(TimeSpan timeout)
    {
        using var handler = new SocketsHttpHandler();
        if (_certificates is not null)
        {
            handler.SslOptions.ClientCertificates = [_certificates.Client];
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"etcd exited with {_process.ExitCode}: {string.Join('\n', Log)}");
            try
            {
                if (http.GetStringAsync(Url + "/health").Result.Contains("\"true\"", StringComparison.Ordinal)) return;
            }
            catch (AggregateException)
            {
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"etcd did not become healthy within {timeout.TotalSeconds} s: {string.Join('\n', Log)}");
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            _dir.Dispose();
        }
    }
}
