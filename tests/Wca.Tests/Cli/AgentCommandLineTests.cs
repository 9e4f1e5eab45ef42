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
    [InlineData(new[] { "-c", "x", "--what" }, "--what")]
    [InlineData(new[] { "-c", "x", "-l", "a:b:c" }, "a:b:c")]
    [InlineData(new[] { "-c", "x", "-l", "noisy" }, "noisy")]
    [InlineData(new[] { "-c" }, "-c")]
    public void Bad_command_lines_are_usage_errors_naming_the_problem(string[] args, string named)
    {
        var error = Assert.IsType<CommandLineOutcome.UsageError>(AgentCommandLine.Parse(args));
        Assert.Contains(error.Errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void No_config_runs_the_embedded_default()
    {
        Assert.Null(Assert.IsType<CommandLineOutcome.Run>(AgentCommandLine.Parse([])).Arguments.ConfigPath);
        Assert.Null(Parsed("-0").ConfigPath);
    }

    [Fact]
    public void Print_config_is_its_own_outcome()
    {
        Assert.IsType<CommandLineOutcome.PrintConfig>(AgentCommandLine.Parse(["--print-config"]));
    }

    [Fact]
    public void An_empty_register_value_says_that_it_is_empty()
    {
        var error = Assert.IsType<CommandLineOutcome.UsageError>(AgentCommandLine.Parse(["-c", "x", "--register", ""]));
        Assert.StartsWith("--register: the register value is empty (an unset variable such as $EXTRA_COMPONENT?)", Assert.Single(error.Errors));
    }

    [Fact]
    public void An_unset_register_variable_dropped_by_systemd_is_named_first()
    {
        // `--register $EXTRA_COMPONENT --log info` with the variable unset: systemd drops the word.
        var error = Assert.IsType<CommandLineOutcome.UsageError>(AgentCommandLine.Parse(["-c", "x", "--register", "--log", "info"]));
        Assert.StartsWith("--register: the register value is empty: '--log' follows it, which is an option", error.Errors[0]);
    }

    [Fact]
    public void Root_level_from_the_command_line_raises_every_module_set_before_it()
    {
        var file = new[] { new ModuleLevel("wca.pipeline", LogLevel.Information), new ModuleLevel("example", LogLevel.Error) };
        var table = LogLevelTable.Build(file, AgentCommandLine.OverridingLevels(file, Parsed("-c", "x", "-l", "wca.storage:warning", "-l", ":debug").LogLevels));
        foreach (var module in new[] { "wca", "wca.main", "wca.pipeline.measurementcycle", "wca.storage.logstorage", "example.httpstorage", "microsoft.x" })
            Assert.Equal(LogLevel.Debug, table.LevelFor(module));
    }

    [Fact]
    public void A_module_level_after_the_root_level_still_wins()
    {
        var table = LogLevelTable.Build([], AgentCommandLine.OverridingLevels([], Parsed("-c", "x", "-l", ":debug", "-l", "wca.pipeline:error").LogLevels));
        Assert.Equal(LogLevel.Error, table.LevelFor("wca.pipeline.measurementcycle"));
        Assert.Equal(LogLevel.Debug, table.LevelFor("wca.main"));
    }

    [Fact]
    public void Help_epilogue_names_the_root_variables_and_every_exit_code()
    {
        foreach (var text in new[] { "WCA_PROC_ROOT", "WCA_SYS_ROOT", "WCA_CGROUP_ROOT", "WCA_RESCTRL_ROOT", "WCA_PLUGIN_PATH", "Exit codes:",
                     $"  {ExitCodes.Success}  normal stop", $"  {ExitCodes.StartupError}  configuration or start-up error", $"  {ExitCodes.UsageError}  usage error" })
            Assert.Contains(text, AgentCommandLine.Epilogue);
    }
}
