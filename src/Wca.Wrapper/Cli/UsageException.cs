namespace Wca.Wrapper.Cli;

/// <summary>A command-line error: usage text and <c>&lt;prog&gt;: error: &lt;message&gt;</c> on stderr, exit status 2 (argparse's).</summary>
internal sealed class UsageException(string message) : Exception(message);
