using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Wca.Api;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Storage.Prometheus;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Storage.Prometheus;

/// <summary>
/// PrometheusStorage against real peers: the agent over real test cgroups, Debian's Prometheus server scraping it,
/// and a thousand scrapes while it iterates every 0.1 s, over HTTP and over HTTPS with basic authentication.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PrometheusStorageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PrometheusScrapesTheTasksCpuUsageWithItsLabels(bool secure)
    {
        using var agent = new PrometheusEndpointFixture(tasks: 2, intervalSeconds: 0.5, secure: secure);
        using var prometheus = PrometheusServer.Start($"127.0.0.1:{agent.Port}", tls: secure, caFile: agent.CertificateFile,
            user: secure ? PrometheusEndpointFixture.User : null, password: PrometheusEndpointFixture.Password);
        var task = agent.Tasks[0];

        var up = prometheus.WaitFor("up{job=\"wca\"}", r => r is [{ Value: 1 }], TimeSpan.FromSeconds(60));
        Assert.Equal($"127.0.0.1:{agent.Port}", up[0].Labels["instance"]);
        var cpu = prometheus.WaitFor($"{TaskMetricNames.CpuUsageSeconds}{{task_id=\"{task.Name}\"}}", r => r.Count == 1, TimeSpan.FromSeconds(60));
        var labels = cpu[0].Labels;
        Assert.Equal(task.Name, labels["task_id"]);
        Assert.Equal(task.RelativePath, labels["task_name"]);
        Assert.Equal(Environment.MachineName, labels["host"]);
        Assert.Equal(("wca", $"127.0.0.1:{agent.Port}"), (labels["job"], labels["instance"]));
        Assert.InRange(cpu[0].Value, 0, 60);
        // Both tasks, each once: no duplicate series from concatenated or torn packages.
        Assert.Equal(2, prometheus.Query($"count({TaskMetricNames.CpuUsageSeconds})")[0].Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AThousandScrapesDuringIterationsAreEachACompletePackage(bool secure)
    {
        using var agent = new PrometheusEndpointFixture(tasks: 3, intervalSeconds: 0.1, secure: secure);
        agent.WaitForIterations(3);
        var first = await Scrape(agent);
        var families = Families(first);
        Promtool.AssertParses(first);

        var iterationsBefore = agent.Runner.Iterations;
        for (var i = 0; i < 1000; i++)
        {
            var text = await Scrape(agent);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            var samples = PrometheusSamples.Parse(text);
            // Every family of a package, every task's CPU sample, each sample once: a whole package, never a mix.
            Assert.Equal(families, Families(text));
            foreach (var task in agent.Tasks)
                Assert.Single(samples, s => s.Name == TaskMetricNames.CpuUsageSeconds && s["task_id"] == task.Name);
            Assert.Equal(samples.Count, samples.Select(s => (s.Name, string.Join(',', s.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")))).Distinct().Count());
            Assert.All(samples, s => Assert.Null(s.Timestamp));
            if (i % 250 == 0) Promtool.AssertParses(text);
        }
        // The scrapes overlapped iterations (they would not prove anything otherwise).
        Assert.True(agent.Runner.Iterations - iterationsBefore >= 3, $"{agent.Runner.Iterations - iterationsBefore} iterations during the scrapes");
    }

    [Fact]
    public async Task BasicAuthRefusesAWrongPasswordAnUnknownUserAndNoCredentials()
    {
        using var agent = new PrometheusEndpointFixture(tasks: 1, intervalSeconds: 0.5, secure: true);
        agent.WaitForIterations(1);
        using var client = Clients.For(agent.CertificateFile);
        foreach (var credentials in new[] { Clients.Basic(PrometheusEndpointFixture.User, "wrong"), Clients.Basic("nobody", PrometheusEndpointFixture.Password), null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, agent.Url) { Headers = { Authorization = credentials } };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Empty(await response.Content.ReadAsStringAsync());
        }
        using var good = await agent.Client.GetAsync(agent.Url);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        // Plain HTTP to the TLS port is not served.
        using var plain = Clients.For(null);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{agent.Port}/metrics"));
    }

    [Fact]
    public async Task GzipWhenAskedTheSameTextAndPrometheusContentType()
    {
        using var dir = new TestDirectory();
        var port = PrometheusServer.FreePort();
        using var storage = new PrometheusStorage($"127.0.0.1:{port}", path: "/wca");
        storage.Store(Package(PackageKind.Metrics, 100), default);
        using var client = Clients.For(null);

        using var plain = await client.GetAsync(storage.Url);
        var text = await plain.Content.ReadAsStringAsync();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", plain.Content.Headers.ContentType!.ToString());
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(text.Length, plain.Content.Headers.ContentLength);
        Assert.Equal(100, PrometheusSamples.Parse(text).Count);

        using var request = new HttpRequestMessage(HttpMethod.Get, storage.Url) { Headers = { { "Accept-Encoding", "gzip" } } };
        using var zipped = await client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        await using var gzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        Assert.Equal(text, await new StreamReader(gzip).ReadToEndAsync());

        using var refused = new HttpRequestMessage(HttpMethod.Get, storage.Url) { Headers = { { "Accept-Encoding", "gzip;q=0, identity" } } };
        using var identity = await client.SendAsync(refused);
        Assert.Empty(identity.Content.Headers.ContentEncoding);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"http://127.0.0.1:{port}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync(storage.Url, new StringContent(""))).StatusCode);
    }

    [Fact]
    public void APortAlreadyTakenIsAStartUpErrorNamingIt()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var dir = new TestDirectory();
        var config = dir.Write("wca.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode {"{"}tasks: []{"}"}
              metrics_storage: !PrometheusStorage
                listen: "127.0.0.1:{port}"
            """);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.True(e.Message.Contains("metrics_storage.listen", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"cannot listen on 127.0.0.1:{port}: the address is already in use", StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData("listen: 9112", "expected 'host:port'")]
    [InlineData("listen: \"example.org:80\"", "'example.org' is not an IP address")]
    [InlineData("listen: \"127.0.0.1:70000\"", "found '127.0.0.1:70000'")]
    [InlineData("path: metrics", "expected an absolute URL path")]
    [InlineData("tls_cert_path: /etc/hostname", "give both tls_cert_path and tls_key_path")]
    [InlineData("basic_auth_users: {prometheus: plain-password}", "is not a bcrypt hash")]
    public void BadKeysAreConfigurationErrorsNamingTheKey(string yaml, string expected)
    {
        using var dir = new TestDirectory();
        var listen = yaml.StartsWith("listen:", StringComparison.Ordinal) ? "" : $"listen: \"127.0.0.1:{PrometheusServer.FreePort()}\", ";
        var config = dir.Write("wca.yaml", $"""
            runner: !MeasurementRunner
              node: !StaticNode {"{"}tasks: []{"}"}
              metrics_storage: !PrometheusStorage {"{"}{listen}{yaml}{"}"}
            """);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()));
        Assert.True(e.Message.Contains("metrics_storage." + yaml[..yaml.IndexOf(':', StringComparison.Ordinal)], StringComparison.Ordinal), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task OneAnchoredInstanceServesTheMetricsAndTheAnomaliesSlots()
    {
        using var task = TestCgroup.Create("anchor");
        task.StartSleeper();
        using var dir = new TestDirectory();
        var port = PrometheusServer.FreePort();
        var config = dir.Write("detect.yaml", $"""
            runner: !DetectionRunner
              node: !StaticNode
                tasks: [{task.RelativePath}]
              detector: !NOPAnomalyDetector
              metrics_storage: &prom !PrometheusStorage
                listen: "127.0.0.1:{port}"
              anomalies_storage: *prom
            """);
        var loaded = ConfigurationLoader.Load(config, BuiltInComponents.CreateRegistry(), AgentServices.ForTests());
        var runner = Assert.IsType<DetectionRunner>(loaded.Runner);
        var storage = Assert.IsType<PrometheusStorage>(runner.MetricsStorage);
        try
        {
            Assert.Same(storage, runner.AnomaliesStorage);
            Assert.Single(loaded.Components.OfType<PrometheusStorage>());
            Assert.Equal(0, runner.Initialize());
            runner.RunIteration(0);
            runner.RunIteration(0);

            using var client = Clients.For(null);
            var text = await client.GetStringAsync(storage.Url);
            Promtool.AssertParses(text);
            var samples = PrometheusSamples.Parse(text);
            Assert.Contains(samples, s => s.Name == "task_up" && s["task_id"] == task.Name);
            Assert.Equal(0, Assert.Single(samples, s => s.Name == "anomaly_count").Value);
        }
        finally
        {
            runner.Dispose();
            storage.Dispose();
        }
    }

    [Fact]
    public void AfterDisposeThePortIsFreeAgain()
    {
        var port = PrometheusServer.FreePort();
        new PrometheusStorage($"127.0.0.1:{port}").Dispose();
        using var again = new PrometheusStorage($"127.0.0.1:{port}");
        Assert.Equal($"http://127.0.0.1:{port}/metrics", again.Url);
    }

    [Fact]
    public async Task StoringReusesItsBuffersAndAllocatesNothingPerSample()
    {
        using var storage = new PrometheusStorage($"127.0.0.1:{PrometheusServer.FreePort()}");
        var package = Package(PackageKind.Metrics, 5000);
        for (var i = 0; i < 3; i++) storage.Store(package, default);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) storage.Store(package, default);
        var perStore = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // One small published-snapshot object per package, nothing for its 5000 samples or its ~150 KB of text.
        Assert.InRange(perStore, 0, 256);
        using var client = Clients.For(null);
        Assert.Equal(5000, PrometheusSamples.Parse(await client.GetStringAsync(storage.Url)).Count);
    }

    private static async Task<string> Scrape(PrometheusEndpointFixture agent)
    {
        using var response = await agent.Client.GetAsync(agent.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private static string[] Families(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];

    private static MetricPackage Package(PackageKind kind, int count) =>
        MetricPackage.Create(kind, DateTimeOffset.UtcNow,
            Enumerable.Range(0, count).Select(i => Metric.Gauge("test_gauge", i, LabelSet.From(("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
}
