using Microsoft.Extensions.Logging;

namespace Wca.Hosting;

internal sealed partial class ReloadingHost
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1440, Level = LogLevel.Debug, Message = "Running {Runner}")]
        public static partial void Running(ILogger logger, string? runner);

        [LoggerMessage(EventId = 1441, Level = LogLevel.Information, Message = "Stopped by {Signal}")]
        public static partial void StoppedBy(ILogger logger, System.Runtime.InteropServices.PosixSignal signal);

        [LoggerMessage(EventId = 1442, Level = LogLevel.Warning, Message = "Disposing {Component} failed")]
        public static partial void DisposeFailed(ILogger logger, Exception exception, string? component);

        [LoggerMessage(EventId = 1443, Level = LogLevel.Error, Message = "SIGHUP: not reloading {Path}, the running configuration stays: {Problem}")]
        public static partial void ReloadRejected(ILogger logger, string? path, string? problem);

        [LoggerMessage(EventId = 1444, Level = LogLevel.Information, Message = "SIGHUP: {Path} is unchanged; output files reopened")]
        public static partial void ReloadUnchanged(ILogger logger, string? path);

        [LoggerMessage(EventId = 1445, Level = LogLevel.Information, Message = "SIGHUP: {Path} is valid; reloading after the current iteration")]
        public static partial void ReloadAccepted(ILogger logger, string? path);

        [LoggerMessage(EventId = 1446, Level = LogLevel.Information, Message = "Reloaded {Path}; continuing after {Iterations} iterations")]
        public static partial void Reloaded(ILogger logger, string? path, long iterations);

        [LoggerMessage(EventId = 1447, Level = LogLevel.Error, Message = "Reloading {Path} failed after its check passed, restoring the previous configuration: {Problem}")]
        public static partial void ReloadFailedAfterCheck(ILogger logger, string? path, string? problem);

        [LoggerMessage(EventId = 1448, Level = LogLevel.Error, Message = "The reloaded {Path} could not start (exit code {ExitCode}), restoring the previous configuration")]
        public static partial void ReloadedRunnerFailed(ILogger logger, string? path, int exitCode);

        [LoggerMessage(EventId = 1449, Level = LogLevel.Information, Message = "The previous configuration of {Path} runs again")]
        public static partial void PreviousRestored(ILogger logger, string? path);
    }
}
