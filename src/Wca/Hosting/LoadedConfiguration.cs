using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Security;

namespace Wca.Hosting;

/// <summary>A configuration file ready to run: its components, the log levels it asks for, what it needs of the host.</summary>
internal sealed record LoadedConfiguration(AgentConfiguration Configuration, LogLevelTable Levels, PrivilegeNeeds Needs);
