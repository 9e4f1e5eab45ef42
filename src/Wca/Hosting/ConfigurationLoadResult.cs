namespace Wca.Hosting;

/// <summary>A loaded configuration, or the one-line problem that refused it (and its cause, for -l debug).</summary>
internal readonly record struct ConfigurationLoadResult(LoadedConfiguration? Loaded, string? Problem, Exception? Cause = null);
