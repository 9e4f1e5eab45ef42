using Wca.Api;

namespace Wca.Host.Configuration;

/// <summary>A loaded configuration file.</summary>
/// <param name="SourcePath">The file it was read from.</param>
/// <param name="Runner">The top-level <c>runner</c>.</param>
/// <param name="Loggers">The <c>loggers</c> map (module → level name); empty when absent.</param>
/// <param name="Components">Every constructed component, children first; the host disposes the IDisposable ones in reverse order.</param>
public sealed record AgentConfiguration(
    string SourcePath,
    IRunner Runner,
    IReadOnlyDictionary<string, string> Loggers,
    IReadOnlyList<object> Components);
