using System.Net;
using System.Net.Sockets;
using Example;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Plugins.Examples;

public sealed class HttpStorageTests
{
    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static MetricPackage Batch()
    {
        var batch = new List<Metric>();
        // Lint-clean names (promtool wants _total on counters and HELP everywhere).
        var cpu = new MetricDescriptor("task_cpu_seconds_total", MetricType.Counter, "Time spent by the task on CPUs.");
        batch.Add(new Metric(cpu, 12.5, LabelSet.From(("task_id", "web"), ("host", "n1"))));
        batch.Add(new Metric(cpu, 3, LabelSet.From(("task_id", "a \"quoted\\ name\""), ("host", "n1"))));
        batch.Add(new Metric(new MetricDescriptor("wca_tasks", MetricType.Gauge, "Tasks on the node."), 2, LabelSet.Empty));
        return MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), batch);
    }

    [Fact]
    public void Posts_the_package_as_valid_prometheus_text()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/metrics/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var request = (context.Request.HttpMethod, context.Request.ContentType, body);
            context.Response.StatusCode = 204;
            context.Response.Close();
            return request;
        });

        using var storage = new HttpStorage(NullLogger<HttpStorage>.Instance, $"http://127.0.0.1:{port}/metrics/", timeout: 10, format: HttpStorageFormat.Prometheus);
        storage.Store(Batch());

        // Bounded: if another test grabbed the same free port, the POST went elsewhere and nothing arrives here.
        Assert.True(received.Wait(TimeSpan.FromSeconds(10)), "the listener received no request within 10 s");
        var (method, contentType, text) = received.Result;
        Assert.Equal("POST", method);
        Assert.StartsWith("text/plain; version=0.0.4", contentType);
        Assert.Contains("# TYPE task_cpu_seconds_total counter\n", text);
        Assert.Contains("task_cpu_seconds_total{host=\"n1\",task_id=\"web\"} 12.5 1700000000000\n", text);
        Assert.Contains("task_id=\"a \\\"quoted\\\\ name\\\"\"", text);
        // Lint-clean on purpose (see Batch): no remark at all, not only no parse error.
        Assert.Equal("", Promtool.AssertParses(text));
    }

    [Fact]
    public void An_error_status_is_thrown_to_the_runner()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 500;
            context.Response.Close();
        });
        // A generous timeout: this is about the status, and a busy test machine may answer slowly.
        using var storage = new HttpStorage(NullLogger<HttpStorage>.Instance, $"http://127.0.0.1:{port}/", timeout: 10);
        Assert.Throws<HttpRequestException>(() => storage.Store(Batch()));
    }

    [Fact]
    public void A_refused_connection_is_thrown_to_the_runner()
    {
        using var storage = new HttpStorage(NullLogger<HttpStorage>.Instance, $"http://127.0.0.1:{FreePort()}/", timeout: 10);
        Assert.Throws<HttpRequestException>(() => storage.Store(Batch()));
    }

    [Fact]
    public void A_timeout_is_logged_and_skipped()
    {
        // A listener that accepts the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var log = new RecordingLogger<HttpStorage>();
        using var storage = new HttpStorage(log, $"http://127.0.0.1:{port}/", timeout: 0.2);

        storage.Store(Batch()); // does not throw

        var warning = Assert.Single(log.Lines, line => line.Level == LogLevel.Warning);
        Assert.StartsWith("timeout!", warning.Message);
        Assert.Contains($"127.0.0.1:{port}", warning.Message);
    }

    [Fact]
    public void Posts_the_originals_json_by_default_labels_dropped_the_last_value_of_a_name_winning()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var request = (context.Request.HttpMethod, context.Request.ContentType, Body: await reader.ReadToEndAsync());
            context.Response.StatusCode = 200;
            context.Response.Close();
            return request;
        });
        var log = new RecordingLogger<HttpStorage>();
        using var storage = new HttpStorage(log, $"http://127.0.0.1:{port}/", timeout: 10);
        Assert.Equal(HttpStorageFormat.Json, storage.Format);

        storage.Store(Batch());

        Assert.True(received.Wait(TimeSpan.FromSeconds(10)), "the listener received no request within 10 s");
        var (method, contentType, body) = received.Result;
        Assert.Equal("POST", method);
        Assert.Equal("application/json", contentType);
        Assert.Equal("{\"task_cpu_seconds_total\":3,\"wca_tasks\":2}", body);
        Assert.StartsWith("sending!", Assert.Single(log.Lines, l => l.Level == LogLevel.Information).Message);
    }

    [Fact]
    public void Json_writes_non_finite_values_as_pythons_json_module_does()
    {
        var package = MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.UnixEpoch,
            [Metric.Gauge("a", double.NaN), Metric.Gauge("b", double.PositiveInfinity), Metric.Gauge("c", double.NegativeInfinity), Metric.Gauge("d", 0.1)]);
        Assert.Equal("{\"a\":NaN,\"b\":Infinity,\"c\":-Infinity,\"d\":0.1}", System.Text.Encoding.UTF8.GetString(HttpStorage.JsonBody(package)));
    }
}
