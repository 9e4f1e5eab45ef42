using System.Diagnostics;
using Wca.Api.Databases;
using Wca.Databases;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Tests.Configuration;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Databases;

/// <summary>One ZooKeeper server shared by the contract tests of a class.</summary>
public sealed class ZookeeperServerFixture : IDisposable
{
    public ZookeeperServer Server { get; } = ZookeeperServer.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>The contract on Debian's ZooKeeper through the C client, plus namespaces and the component's keys.</summary>
public sealed class ZookeeperDatabaseTests : KeyValueDatabaseContract, IClassFixture<ZookeeperServerFixture>, IDisposable
{
    private readonly ZookeeperServerFixture _zookeeper;
    private readonly ZookeeperDatabase _database;
    private readonly TestDirectory _dir = new();

    public ZookeeperDatabaseTests(ZookeeperServerFixture zookeeper)
    {
        _zookeeper = zookeeper;
        _database = new ZookeeperDatabase([zookeeper.Server.HostPort], "/wca/contract", timeout: 10);
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
    public void A_deep_namespace_is_created_on_the_first_set_and_two_namespaces_do_not_share_keys()
    {
        var ns = "/wca/" + Guid.NewGuid().ToString("N")[..8] + "/deep/ns";
        using var first = Assert.IsType<ZookeeperDatabase>(Load($"!ZookeeperDatabase\n    hosts: ['{_zookeeper.Server.HostPort}']\n    namespace: {ns}\n    timeout: 10\n"));
        Assert.Null(first.Get("k"u8));
        first.Set("k"u8, "in first"u8);
        Assert.Equal("in first"u8.ToArray(), first.Get("k"u8));

        using var parent = new ZookeeperDatabase([_zookeeper.Server.HostPort], ns[..ns.LastIndexOf('/')], timeout: 10);
        Assert.Empty(Assert.IsType<byte[]>(parent.Get("ns"u8))); // the namespace node itself, with no data
        Assert.Null(parent.Get("k"u8));
    }

    [Theory]
    [InlineData("    hosts: []\n    namespace: /wca\n", "hosts is empty")]
    [InlineData("    hosts: ['127.0.0.1']\n    namespace: /wca\n", "hosts[0] '127.0.0.1' is not host:port")]
    [InlineData("    hosts: ['127.0.0.1:2181']\n    namespace: wca\n", "namespace 'wca': an absolute node path")]
    [InlineData("    hosts: ['127.0.0.1:2181']\n    namespace: /a//b\n", "namespace '/a//b': a node name is empty")]
    [InlineData("    hosts: ['127.0.0.1:2181']\n    namespace: /wca\n    timeout: 61\n", "timeout")]
    [InlineData("    hosts: ['127.0.0.1:2181']\n    namespace: /wca\n    ssl: !SSL\n      server_verify: false\n", "built without TLS")]
    public void Bad_keys_are_configuration_errors_naming_the_key(string body, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("!ZookeeperDatabase\n" + body));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
