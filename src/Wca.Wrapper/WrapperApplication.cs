using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Wrapper;
using Wca.Host;
using Wca.Storage;
using Wca.Storage.Kafka;
using Wca.Wrapper.Cli;
using Wca.Wrapper.Logging;
using Wca.Wrapper.Parsers;
using Wca.Wrapper.Pipeline;
using Wca.Wrapper.Process;

namespace Wca.Wrapper;

/// <summary>
/// The wrapper's run (wrapper.md §4): command line (exit 2 on a usage error, 1 on the load/peak cross-check), logging,
/// then — unlike the original, before the child starts, so a bad value never orphans a running workload — the
/// labels, the regular expressions and the storage; then the child, the parse loop over its chosen stream (every
/// line echoed), and at the end of that stream: the queued metrics stored, the child waited for, and its exit status
/// returned. SIGTERM and SIGINT are forwarded to the child, which ends its output and so the wrapper.
/// </summary>
internal sealed partial class WrapperApplication
{
    /// <summary>How long the last batches may take to reach Kafka at exit, and one delivery at most (the original's 5 s).</summary>
    private const double KafkaTimeoutSeconds = 5.0;

    public const string BothLoadOptions = "Both load_metric_name and peak_load have to be set, or none of them.";

    /// <summary>The built-in parsers (the default one first).</summary>
    public IReadOnlyList<WorkloadParserEntry> Parsers { get; init; } = BuiltInWorkloadParsers.All;
    /// <summary>Where the workload's lines are echoed (the wrapper's stdout).</summary>
    public Stream Echo { get; init; } = Console.OpenStandardOutput();
    /// <summary>The wrapper's stdout for text (help, the cross-check message).</summary>
    public TextWriter Stdout { get; init; } = Console.Out;
    /// <summary>The wrapper's stderr (usage errors, its log).</summary>
    public TextWriter Stderr { get; init; } = OpenStandardError();
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>For tests: replaces the process's stderr as LogStorage's destination.</summary>
    internal Func<Stream>? MetricsStderr { get; init; }

    public static int Run(string[] args, string invokedAs) => new WrapperApplication().Run(args, Path.GetFileName(invokedAs));

    public int Run(IReadOnlyList<string> args, string prog)
    {
        WrapperOptions options;
        try
        {
            var parsed = WrapperCommandLine.Parse(args, prog, Stdout);
            if (parsed is null) return 0;
            options = parsed;
        }
        catch (UsageException e)
        {
            return UsageError(prog, e.Message);
        }
        if ((options.LoadMetricName is null) != (options.PeakLoad is null))
        {
            Stdout.WriteLine(BothLoadOptions);
            Stdout.Flush();
            return 1;
        }

        using var logging = new WrapperLoggerProvider(Stderr, options.LogLevel, Time);
        using var factory = new LoggerFactory([logging], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var log = factory.CreateLogger("Wca.Wrapper.WrapperApplication");
        Log.LoggerConfigured(log, WrapperCommandLine.LogLevels.FirstOrDefault(l => ToLevel(l) == options.LogLevel) ?? "ERROR");
        Log.Starting(log, AgentVersion.Current);
        if (AgentVersion.Current == AgentVersion.Unknown) Log.VersionUnknown(log);

        WorkloadParserEntry entry;
        List<string> argv;
        WorkloadParserArguments arguments;
        IStorage storage;
        string destination;
        try
        {
            entry = ChooseParser(options.Parser, prog);
            var tokens = CommandTokenizer.Split(options.Command);
            if (tokens.Count == 0) throw new UsageException("argument --command: the command is empty");
            Log.RunningCommand(log, PythonRepr.Of(tokens));
            argv = WorkloadProcess.Argv(tokens, options.SubprocessShell);
            arguments = new WorkloadParserArguments
            {
                Regexp = options.Regexp,
                Separator = options.Separator,
                Labels = LabelsArgument.Parse(options.Labels),
                MetricNamePrefix = options.MetricNamePrefix,
            };
            CheckRegularExpressions(options, entry, Parsers);
            (storage, destination) = CreateStorage(options, factory, log);
        }
        catch (UsageException e)
        {
            return UsageError(prog, e.Message);
        }

        var serviceLevels = new ServiceLevelMetrics(options.SliMetricName, options.InverseSliMetricValue, options.Slo,
            options.LoadMetricName, options.PeakLoad, arguments.Labels);
        var parser = entry.Create();
        using var store = new ApmStore(storage, destination, factory.CreateLogger("Wca.Wrapper.Pipeline.ApmStore"), Time);
        // Handlers first: a signal that comes while the child starts is forwarded once it runs, never the default exit
        // that would orphan it.
        var signals = new SignalForwarding(log);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.Handle);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.Handle);
        WorkloadProcess child;
        try
        {
            child = WorkloadProcess.Start(argv, options.ParsesStderr);
        }
        catch (Win32Exception e)
        {
            Log.StartFailed(log, argv[0], e.Message);
            return 1;
        }
        using (child)
        {
            Log.Started(log, child.Id, options.ParsesStderr ? "stderr" : "stdout", entry.Name);
            signals.Attach(child);
            using var reader = new WorkloadOutputReader(child.Output, Echo);
            var loop = new ParseLoop(parser, reader, arguments, serviceLevels, store.Add, factory.CreateLogger("Wca.Wrapper.Pipeline.ParseLoop"));
            try
            {
                loop.Run();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Log.ReadFailed(log, e.Message);
                reader.FlushEcho();
                store.Dispose();
                return child.Terminate(TimeSpan.FromSeconds(5)) == 0 ? 1 : 1;
            }
            reader.FlushEcho();
            Log.EndOfOutput(log, reader.LinesRead, loop.Batches);
            store.Dispose();
            var status = child.WaitForExit();
            Log.ChildExited(log, status);
            return status;
        }
    }

    /// <summary>fd 2 with a buffer larger than a log line, so each flushed record is one write (Console.Error splits them).</summary>
    private static StreamWriter OpenStandardError() =>
        new(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024) { AutoFlush = false };

    /// <summary>SIGTERM/SIGINT to the wrapper go to the child; the wrapper ends when the child does (its output closes).</summary>
    private sealed class SignalForwarding(ILogger log)
    {
        private readonly object _lock = new();
        private WorkloadProcess? _child;
        private readonly List<PosixSignal> _early = [];

        public void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            lock (_lock)
            {
                if (_child is null) _early.Add(context.Signal);
                else Forward(context.Signal, _child);
            }
        }

        public void Attach(WorkloadProcess child)
        {
            lock (_lock)
            {
                _child = child;
                foreach (var signal in _early) Forward(signal, child);
            }
        }

        private void Forward(PosixSignal signal, WorkloadProcess child)
        {
            Log.Forwarding(log, signal.ToString(), child.Id);
            child.Signal(signal);
        }
    }

    private int UsageError(string prog, string message)
    {
        Stderr.Write(WrapperCommandLine.Usage(prog));
        Stderr.WriteLine($"{prog}: error: {message}");
        Stderr.Flush();
        return 2;
    }

    private static LogLevel ToLevel(string name) => name switch
    {
        "ERROR" => LogLevel.Error,
        "WARNING" => LogLevel.Warning,
        "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary><c>--parser</c>, else the launcher name (<c>specjbb_wrapper</c>, with or without <c>.pex</c>), else the default parser.</summary>
    private WorkloadParserEntry ChooseParser(string? name, string prog)
    {
        if (Parsers.Count == 0) throw new UsageException("no parser is built in");
        if (name is not null)
            return Parsers.FirstOrDefault(p => p.Name == name || p.LauncherName == name)
                ?? throw new UsageException($"argument --parser: invalid choice: {PythonRepr.Of(name)} (choose from "
                    + string.Join(", ", Parsers.Select(p => PythonRepr.Of(p.Name))) + ")");
        var launcher = prog.EndsWith(".pex", StringComparison.Ordinal) ? prog[..^4] : prog;
        return Parsers.FirstOrDefault(p => p.LauncherName == launcher) ?? Parsers[0];
    }

    /// <summary>--regexp and --separator compile; the default parser's pattern has the groups it reads.</summary>
    private static void CheckRegularExpressions(WrapperOptions options, WorkloadParserEntry entry, IReadOnlyList<WorkloadParserEntry> parsers)
    {
        Regex regexp;
        try
        {
            regexp = WorkloadParserArguments.CompilePython(options.Regexp);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"argument --regexp: not a regular expression: {e.Message}");
        }
        if (ReferenceEquals(entry, parsers[0]) && (!regexp.GetGroupNames().Contains("name") || !regexp.GetGroupNames().Contains("value")))
            throw new UsageException("argument --regexp: the default parser needs the named groups 'name' and 'value': (?P<name>...) and (?P<value>...)");
        if (options.Separator is null) return;
        try
        {
            WorkloadParserArguments.CompilePython(options.Separator);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"argument --separator: not a regular expression: {e.Message}");
        }
    }

    /// <summary>Kafka when <c>--kafka_brokers</c> (spaces removed) names any broker, else the file or stderr (§9.1).</summary>
    private (IStorage Storage, string Destination) CreateStorage(WrapperOptions options, ILoggerFactory factory, ILogger log)
    {
        var brokers = options.KafkaBrokers.Replace(" ", "", StringComparison.Ordinal).Split(',');
        if (brokers is not [""])
        {
            Log.KafkaStorage(log, PythonRepr.Of(brokers));
            try
            {
                // Reconnect within a second after an outage (librdkafka's default backs off up to 10 s): the backlog goes
                // out with the next batches instead of waiting.
                var settings = new Dictionary<string, string> { ["reconnect.backoff.max.ms"] = "1000", ["client.id"] = "wca-wrapper" };
                return (new KafkaStorage(options.KafkaTopic, [.. brokers], KafkaTimeoutSeconds, settings, logger: factory.CreateLogger("Wca.Storage.Kafka.KafkaStorage"))
                {
                    WrapperDialect = true,
                }, $"kafka topic '{options.KafkaTopic}'");
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"argument {(e.ParamName == "topic" ? "--kafka_topic" : "--kafka_brokers")}: {StripParameter(e.Message)}");
            }
        }
        var file = options.StorageOutputFilename;
        if (file is not null)
        {
            Log.FileStorage(log, file);
            try
            {
                // Opened (and created) now, as the original did, so a path that cannot be written fails before the child starts.
                using (new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"argument --storage_output_filename: cannot append to '{file}': {e.Message}");
            }
        }
        try
        {
            var storage = new LogStorage(file, overwrite: false, includeTimestamp: true, null, "0644", factory.CreateLogger("Wca.Storage.LogStorage"), MetricsStderr)
            {
                WrapperDialect = true,
            };
            return (storage, file ?? "None");
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"argument --storage_output_filename: {StripParameter(e.Message)}");
        }
    }

    private static string StripParameter(string message)
    {
        var at = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message;
    }
}
