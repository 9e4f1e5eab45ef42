namespace Wca.Host.Plugins;

/// <summary>A <c>--register</c> value cannot be loaded; the message names the file and the type.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);
