using Microsoft.Extensions.Logging;
using Wca.Host.Security;

namespace Wca.Host.Cli;

public static partial class AgentCommand
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Version wca: {Version}")]
        public static partial void Version(ILogger logger, string version);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "started PID={Pid}")]
        public static partial void Started(ILogger logger, int pid);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Registered {Type} ({Spec})")]
        public static partial void Registered(ILogger logger, string? type, string spec);




        [LoggerMessage(EventId = 1406, Level = LogLevel.Debug,
            Message = "Privilege check: euid={Uid} effective capabilities=0x{Capabilities:x} perf_event_paranoid={Paranoid} needs={Needs}")]
        public static partial void PrivilegeInputs(ILogger logger, uint uid, ulong capabilities, int? paranoid, PrivilegeNeeds needs);

        [LoggerMessage(EventId = 1407, Level = LogLevel.Information,
            Message = "No --config: running the embedded default configuration (configs/default.yaml; `wca --print-config` prints it)")]
        public static partial void EmbeddedDefault(ILogger logger);
    }
}
