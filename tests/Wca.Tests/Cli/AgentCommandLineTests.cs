using Microsoft.Extensions.Logging;
using Wca.Host.Cli;
using Wca.Host.Logging;

namespace Wca.Tests.Cli;

public sealed class AgentCommandLineTests
{
    private static AgentArguments Parsed(params string[] args) =>
        Assert.IsType<CommandLineOutcome.Run>(AgentCommandLine.Parse(args)).Arguments;

    [Fact]
    public void Short_and_long_flags_fill_the_arguments()
    {
        var a = Parsed("-c", "wca.yaml", "-r", "a.dll:A.B", "--register", "C.D, Cee", "-l", "debug", "--log-level", "example:trace", "-0", "--log-output", "stderr");
        Assert.Equal("wca.yaml", a.ConfigPath);
        Assert.Equal(["a.dll:A.B", "C.D, Cee"], a.Registrations);
        Assert.Equal([new ModuleLevel("wca", LogLevel.Debug), new ModuleLevel("example", LogLevel.Trace)], a.LogLevels);
        Assert.True(a.AllowRoot);
        Assert.Equal("stderr", a.LogOutput);
    }

    [Fact]
    public void Defaults_are_no_plugins_no_levels_no_root_and_stdout()
    {
        var a = Parsed("--config", "x.yaml");
        Assert.Empty(a.Registrations);
        Assert.Empty(a.LogLevels);
        Assert.False(a.AllowRoot);
        Assert.Null(a.LogOutput);
    }

    [Fact]
    public void The_2019_spelling_log_is_accepted_for_log_level()
    {
        Assert.Equal([new ModuleLevel("wca", LogLevel.Information)], Parsed("-c", "x", "--log", "info").LogLevels);
    }

    [Fact]
    public void Root_module_spellings_pass_through_the_parser()
    {
        Assert.Equal([new ModuleLevel("", LogLevel.Debug), new ModuleLevel("", LogLevel.Trace)],
            Parsed("-c", "x", "-l", ":debug", "-l", "\"\":trace").LogLevels);
    }

    [Fact]
    public void Version_wins_over_a_missing_config()
    {
        Assert.IsType<CommandLineOutcome.Version>(AgentCommandLine.Parse(["-v"]));
        Assert.IsType<CommandLineOutcome.Help>(AgentCommandLine.Parse(["--help"]));
    }

    [Theory]
    [InlineData(new string[0], "--config")]
    [InlineData(new[] { "-c", "x", "--what" }, "--what")]
    [InlineData(new[] { "-c", "x", "-l", "a:b:c" }, "a:b:c")]
    [InlineData(new[] { "-c", "x", "-l", "noisy" }, "noisy")]
    [InlineData(new[] { "-c" }, "-c")]
    public void Bad_command_lines_are_usage_errors_naming_the_problem(string[] args, string named)
    {
        var error = Assert.IsType<CommandLineOutcome.UsageError>(AgentCommandLine.Parse(args));
        Assert.Contains(error.Errors, e => e.Contains(named, StringComparison.Ordinal));
    }
}
