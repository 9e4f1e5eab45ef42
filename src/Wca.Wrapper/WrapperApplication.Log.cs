using Microsoft.Extensions.Logging;

namespace Wca.Wrapper;

internal sealed partial class WrapperApplication
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Logger configured with {Level}")]
        public static partial void LoggerConfigured(ILogger logger, string level);

        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Starting wrapper version {Version}")]
        public static partial void Starting(ILogger logger, string version);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Version is not available. Probably egg-info directory does not exist(which is required for pkg_resources module to find the version).")]
        public static partial void VersionUnknown(ILogger logger);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Running command: {Tokens}")]
        public static partial void RunningCommand(ILogger logger, string tokens);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "KafkaStorage {Brokers}")]
        public static partial void KafkaStorage(ILogger logger, string brokers);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "configuring log storage to dump metrics to: '{File}'")]
        public static partial void FileStorage(ILogger logger, string file);

        [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Cannot run {Program}: {Error}")]
        public static partial void StartFailed(ILogger logger, string program, string error);

        [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Workload started (pid {Pid}); parsing its {Stream} with the {Parser} parser")]
        public static partial void Started(ILogger logger, int pid, string stream, string parser);

        [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Forwarding {Signal} to the workload (pid {Pid})")]
        public static partial void Forwarding(ILogger logger, string signal, int pid);

        [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "End of the workload's output after {Lines} lines and {Batches} batches")]
        public static partial void EndOfOutput(ILogger logger, long lines, long batches);

        [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "The workload exited with status {Status}")]
        public static partial void ChildExited(ILogger logger, int status);

        [LoggerMessage(EventId = 5031, Level = LogLevel.Error, Message = "Reading the workload's output failed: {Error}; terminating the workload")]
        public static partial void ReadFailed(ILogger logger, string error);
    }
}
