using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Wca.Host.Logging;

namespace Wca.Tests.Logging;

public sealed class LogLineWriterTests
{
    private static readonly FixedTime Clock = new(new DateTimeOffset(2019, 6, 14, 19, 51, 17, 59, TimeSpan.Zero), TimeSpan.FromHours(2));

    [Fact]
    public void Writes_the_reference_line_format_in_local_time()
    {
        var output = new StringWriter();
        using (var writer = new LogLineWriter(output, ownsWriter: false, colors: false, Clock))
            RunOnThreadNamed("MainThread", () => writer.Write(LogLevel.Warning, "http_storage", "timeout!", null));
        Assert.Equal("2019-06-14 21:51:17,059 WARNING  {MainThread} [http_storage] timeout!\n", output.ToString());
    }

    [Theory]
    [InlineData(LogLevel.Critical, "CRITICAL ")]
    [InlineData(LogLevel.Error, "ERROR    ")]
    [InlineData(LogLevel.Information, "INFO     ")]
    [InlineData(LogLevel.Debug, "DEBUG    ")]
    [InlineData(LogLevel.Trace, "TRACE    ")]
    public void Level_names_are_the_reference_ones_padded_to_8(LogLevel level, string printed)
    {
        var output = new StringWriter();
        using var writer = new LogLineWriter(output, ownsWriter: false, colors: false, Clock);
        writer.Write(level, "wca", "m", null);
        Assert.Equal(printed, output.ToString().Substring(24, printed.Length));
    }

    [Fact]
    public void Unnamed_threads_are_called_Thread_id_and_exceptions_follow_the_message()
    {
        var output = new StringWriter();
        using (var writer = new LogLineWriter(output, ownsWriter: false, colors: false, Clock))
        {
            var thread = new Thread(() => writer.Write(LogLevel.Error, "wca.x", "failed", new InvalidOperationException("boom")));
            thread.Start();
            thread.Join();
        }
        var text = output.ToString();
        Assert.Matches(@"^2019-06-14 21:51:17,059 ERROR    \{Thread-\d+\} \[wca\.x\] failed\nSystem.InvalidOperationException: boom", text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Colours_are_ANSI_codes_around_level_thread_and_module()
    {
        var output = new StringWriter();
        using (var writer = new LogLineWriter(output, ownsWriter: false, colors: true, Clock))
            writer.Write(LogLevel.Information, "wca", "hi", null);
        Assert.Contains("\e[32mINFO\e[0m", output.ToString());
        Assert.Contains("\e[34m[wca]\e[0m hi\n", output.ToString());
    }

    [Fact]
    public void Concurrent_writers_never_interleave_lines()
    {
        var output = new StringWriter();
        const int threads = 8, perThread = 500;
        using (var writer = new LogLineWriter(output, ownsWriter: false, colors: false, Clock))
        {
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                for (var i = 0; i < perThread; i++) writer.Write(LogLevel.Information, "wca.t" + t, $"message {i} of thread {t}", null);
            })).ToArray();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
        }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(threads * perThread, lines.Length);
        var line = new Regex(@"^2019-06-14 21:51:17,059 INFO     \{Thread-\d+\} \[wca\.t(\d)\] message \d+ of thread (\d)$");
        Assert.All(lines, l =>
        {
            var m = line.Match(l);
            Assert.True(m.Success, l);
            Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
        });
    }

    [Fact]
    public void A_log_file_is_appended_to_and_flushed_per_record()
    {
        var file = Path.Combine(Path.GetTempPath(), $"wca-test-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(file, "earlier line\n");
            using var writer = LogLineWriter.Open(file, Clock);
            writer.Write(LogLevel.Warning, "wca.main", "one", null);
            // Readable before the writer is closed: flushed per record.
            var text = File.ReadAllText(file);
            Assert.StartsWith("earlier line\n", text);
            Assert.EndsWith("[wca.main] one\n", text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void RunOnThreadNamed(string name, Action action)
    {
        var thread = new Thread(() => action()) { Name = name };
        thread.Start();
        thread.Join();
    }
}
