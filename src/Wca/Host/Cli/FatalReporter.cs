using Microsoft.Extensions.Logging;

namespace Wca.Host.Cli;

/// <summary>
/// Reports the problem that stops the agent: one line on stderr (so it is seen whatever the log output),
/// and a log record (skipped when the log already goes to stderr, to avoid printing it twice).
/// </summary>
internal sealed partial class FatalReporter(ILogger log, bool logsToStderr)
{
    public int Report(int exitCode, string message, Exception? exception = null, LogLevel level = LogLevel.Error)
    {
        // Stack traces only for the curious: run with -l debug.
        var detail = log.IsEnabled(LogLevel.Debug) ? exception : null;
        Log.Fatal(log, level, detail, message);
        if (!logsToStderr) Console.Error.WriteLine($"wca: error: {message}");
        return exitCode;
    }
}
