using System.Diagnostics;
using Wca.Api.Databases;
using Wca.Databases;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

/// <summary>One etcd server shared by the contract tests of a class.</summary>
public sealed class EtcdServerFixture : IDisposable
{
    public EtcdServer Server { get; } = EtcdServer.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>The contract on Debian's etcd over plain http, plus what only etcd does (failover, gateway paths).</summary>
public sealed class EtcdDatabaseTests : KeyValueDatabaseContract, IClassFixture<EtcdServerFixture>, IDisposable
{
    private readonly EtcdServerFixture _etcd;
    private readonly EtcdDatabase _database;
    private readonly TestDirectory _dir = new();

    public EtcdDatabaseTests(EtcdServerFixture etcd)
    {
        _etcd = etcd;
        _database = new EtcdDatabase([etcd.Server.Url], timeout: 5);
    }

    protected override IKeyValueDatabase Database => _database;

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    private object Load(string yaml)
    {
        var registry = BuiltInComponents.CreateRegistry();
        registry.Register(typeof(HoldingRunner));
        var config = ConfigurationLoader.Load(_dir.Write("config.yaml", "runner: !HoldingRunner\n  payload: " + yaml), registry, AgentServices.ForTests(), _ => null);
        return ((HoldingRunner)config.Runner).Payload!;
    }

    [Fact]
    public void The_component_loads_from_yaml_with_the_v3_gateway_by_default_and_shares_values_between_clients()
    {
        using var loaded = Assert.IsType<EtcdDatabase>(Load($"!EtcdDatabase\n    hosts: ['{_etcd.Server.Url}']\n    timeout: 2\n"));
        Assert.Equal("/v3", loaded.ApiPath);
        Assert.Equal(TimeSpan.FromSeconds(2), loaded.Timeout);
        loaded.Set(Key("shared"), "from yaml"u8);
        Assert.Equal("from yaml"u8.ToArray(), _database.Get(Key("shared")));
    }

    [Theory]
    [InlineData("    hosts: []\n", "hosts is empty")]
    [InlineData("    hosts: ['127.0.0.1:2379']\n", "hosts[0] '127.0.0.1:2379' is not an http:// or https:// base URL")]
    [InlineData("    hosts: ['http://127.0.0.1:2379']\n    timeout: 0.5\n", "timeout")]
    [InlineData("    hosts: ['http://127.0.0.1:2379']\n    api_path: v3\n", "api_path 'v3' is a path such as /v3")]
    public void Bad_keys_are_configuration_errors_naming_the_key(string body, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("!EtcdDatabase\n" + body));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_originals_v3alpha_is_accepted_and_an_etcd_3_4_server_answers_404_naming_the_path()
    {
        using var alpha = Assert.IsType<EtcdDatabase>(Load($"!EtcdDatabase\n    hosts: ['{_etcd.Server.Url}']\n    api_path: /v3alpha\n"));
        var e = Assert.Throws<DatabaseUnavailableException>(() => alpha.Get(Key("k")));
        Assert.Contains("HTTP 404", e.Message, StringComparison.Ordinal);
        Assert.Contains("/v3alpha", e.Message, StringComparison.Ordinal);
        using var beta = new EtcdDatabase([_etcd.Server.Url], apiPath: "/v3beta");
        beta.Set(Key("beta"), "b"u8);
        Assert.Equal("b"u8.ToArray(), _database.Get(Key("beta")));
    }

    [Fact]
    public void A_dead_first_host_fails_over_to_the_live_one_and_the_live_one_is_tried_first_afterwards()
    {
        var dead = $"http://127.0.0.1:{PrometheusServer.FreePort()}";
        var log = new RecordingLogger();
        using var database = new EtcdDatabase([dead, _etcd.Server.Url], timeout: 5, logger: log);
        database.Set(Key("failover"), "v"u8);
        Assert.Equal("v"u8.ToArray(), database.Get(Key("failover")));
        // Logged once although both calls met the dead host first? No: after the first failover the live host is tried first.
        var failed = Assert.Single(log.Lines, l => l.Message.Contains("failed", StringComparison.Ordinal));
        Assert.Contains($"EtcdDatabase: host {dead} failed: connection refused", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hung_first_host_times_out_within_its_share_and_the_next_host_answers()
    {
        using var hung = EtcdServer.Start();
        hung.Pause();
        try
        {
            var log = new RecordingLogger();
            using var database = new EtcdDatabase([hung.Url, _etcd.Server.Url], timeout: 2, logger: log);
            var clock = Stopwatch.StartNew();
            database.Set(Key("hung"), "v"u8);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2));
            Assert.Contains(log.Lines, l => l.Message.Contains($"EtcdDatabase: Timeout on host {hung.Url}", StringComparison.Ordinal));
            Assert.Equal("v"u8.ToArray(), _database.Get(Key("hung")));
        }
        finally
        {
            hung.Resume();
        }
    }
}
