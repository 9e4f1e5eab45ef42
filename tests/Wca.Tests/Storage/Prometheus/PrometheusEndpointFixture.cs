using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage.Prometheus;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage.Prometheus;

/// <summary>
/// An agent measuring real test cgroups into a <see cref="PrometheusStorage"/> on a free loopback port, its iteration
/// loop on its own thread, and an HTTP client for the endpoint (trusting the test certificate when TLS is on).
/// </summary>
internal sealed class PrometheusEndpointFixture : IDisposable
{
    public const string User = "prometheus";
    public const string Password = "s3cret-scrape";

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _loop;
    private readonly List<TestCgroup> _tasks = [];

    public PrometheusEndpointFixture(int tasks = 1, double intervalSeconds = 0.1, bool secure = false)
    {
        for (var i = 0; i < tasks; i++)
        {
            var task = TestCgroup.Create("prom" + i);
            _tasks.Add(task);
            task.StartSleeper();
        }
        Port = PrometheusServer.FreePort();
        if (secure) (CertificateFile, KeyFile) = WriteCertificate(Directory);
        Storage = new PrometheusStorage($"127.0.0.1:{Port}", tlsCertPath: CertificateFile, tlsKeyPath: KeyFile,
            basicAuthUsers: secure ? new Dictionary<string, string> { [User] = BCrypt.Net.BCrypt.HashPassword(Password, 10) } : null);
        Runner = new MeasurementRunner(new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System))
        {
            Node = new StaticNode([.. _tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), NullLogger.Instance),
            MetricsStorage = Storage,
            IntervalSeconds = intervalSeconds,
        };
        _loop = new Thread(() => Runner.Run(_stop.Token)) { IsBackground = true, Name = "agent iterations" };
        _loop.Start();
        Client = Clients.For(CertificateFile);
        if (secure) Client.DefaultRequestHeaders.Authorization = Clients.Basic(User, Password);
    }

    public TestDirectory Directory { get; } = new();
    public int Port { get; }
    public string? CertificateFile { get; }
    public string? KeyFile { get; }
    public PrometheusStorage Storage { get; }
    public MeasurementRunner Runner { get; }
    public HttpClient Client { get; }
    public IReadOnlyList<TestCgroup> Tasks => _tasks;
    public string Url => Storage.Url;

    /// <summary>Waits until the runner has stored at least <paramref name="iterations"/> packages.</summary>
    public void WaitForIterations(long iterations)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Runner.Iterations < iterations)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Runner.Iterations} iterations in 30 s");
            Thread.Sleep(20);
        }
    }

    /// <summary>A self-signed certificate for localhost and 127.0.0.1 (its own CA, so Prometheus can trust it as ca_file).</summary>
    public static (string Certificate, string Key) WriteCertificate(TestDirectory directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (directory.Write("agent.crt", certificate.ExportCertificatePem()), directory.Write("agent.key", key.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Join(TimeSpan.FromSeconds(10));
        Client.Dispose();
        Runner.Dispose();
        Storage.Dispose();
        foreach (var task in _tasks) task.Dispose();
        Directory.Dispose();
        _stop.Dispose();
    }
}
