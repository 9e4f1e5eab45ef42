using Microsoft.Extensions.Logging;

namespace Wca.Pipeline;

internal sealed partial class TaskRegistry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Task {TaskId} repeats cgroup {Cgroup}: ignored")]
        public static partial void RepeatedCgroup(ILogger logger, string taskId, string cgroup);
    }
}
