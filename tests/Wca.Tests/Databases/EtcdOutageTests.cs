using System.Diagnostics;
using Wca.Api.Databases;
using Wca.Databases;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

/// <summary>etcd with TLS and client certificates, and a server that hangs, dies and comes back mid-test.</summary>
public sealed class EtcdOutageTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private EtcdDatabase Load(string yaml)
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.Register(typeof(HoldingRunner));
        var config = ConfigurationLoader.Load(_dir.Write("config.yaml", "runner: !HoldingRunner\n  payload: !EtcdDatabase\n" + yaml), registry, AgentServices.ForTests(), _ => null);
        return Assert.IsType<EtcdDatabase>(((HoldingRunner)config.Runner).Payload);
    }

    [Fact]
    public void Tls_with_a_client_certificate_of_the_test_ca_works_and_without_one_the_server_refuses()
    {
        using var certificates = new TestCertificates();
        using var etcd = EtcdServer.Start(certificates);
        using var database = Load($"""
                hosts: ['{etcd.Url}']
                timeout: 5
                ssl: !SSL
                  server_verify: '{certificates.CaPath}'
                  client_cert_path: '{certificates.ClientCertPath}'
                  client_key_path: '{certificates.ClientKeyPath}'

            """);
        database.Set("secure"u8, "value"u8);
        Assert.Equal("value"u8.ToArray(), database.Get("secure"u8));

        using var anonymous = Load($"""
                hosts: ['{etcd.Url}']
                ssl: !SSL
                  server_verify: '{certificates.CaPath}'

            """);
        var refused = Assert.Throws<DatabaseUnavailableException>(() => anonymous.Get("secure"u8));
        Assert.Contains("EtcdDatabase: Cannot get key \"b'secure'\"", refused.Message, StringComparison.Ordinal);

        using var distrustful = Load($"""
                hosts: ['{etcd.Url}']
                ssl: !SSL
                  server_verify: '{certificates.OtherCaPath}'
                  client_cert_path: '{certificates.ClientCertPath}'
                  client_key_path: '{certificates.ClientKeyPath}'

            """);
        var untrusted = Assert.Throws<DatabaseUnavailableException>(() => distrustful.Get("secure"u8));
        Assert.Contains("TLS handshake failed", untrusted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_hung_or_stopped_mid_test_fails_calls_within_the_timeout_and_they_work_again_when_it_is_back()
    {
        using var etcd = EtcdServer.Start();
        using var database = new EtcdDatabase([etcd.Url], timeout: 1.5);
        database.Set("state"u8, "before"u8);

        etcd.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var hung = Assert.Throws<DatabaseUnavailableException>(() => database.Get("state"u8));
            // Never longer than the timeout (a little scheduling slack on a loaded machine).
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(2.5));
            Assert.StartsWith("EtcdDatabase: Cannot get key \"b'state'\": Timeout on all hosts!", hung.Message, StringComparison.Ordinal);
        }
        finally
        {
            etcd.Resume();
        }
        Assert.Equal("before"u8.ToArray(), database.Get("state"u8));

        etcd.Stop();
        var clock2 = Stopwatch.StartNew();
        var down = Assert.Throws<DatabaseUnavailableException>(() => database.Set("state"u8, "during"u8));
        Assert.InRange(clock2.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));
        Assert.StartsWith("EtcdDatabase: Cannot put key \"b'state'\": No host answered!", down.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", down.Message, StringComparison.Ordinal);

        etcd.Start();
        database.Set("state"u8, "after"u8);
        Assert.Equal("after"u8.ToArray(), database.Get("state"u8));
    }
}
