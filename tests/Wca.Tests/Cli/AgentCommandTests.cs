using Wca.Host;
using System.Runtime.InteropServices;
using Wca.Host.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>The built wca run as a child process: flags, exit codes, streams, plugins, signals. The tests run as root.</summary>
public sealed class AgentCommandTests
{
    private static string HelloByPath => $"{RepoLayout.ExamplesDll}:Example.HelloWorldRunner";

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public void Version_prints_the_git_stamped_version_and_exits_0(string flag)
    {
        var (exit, stdout, _) = WcaProcess.Run([flag]);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(AgentVersion.Current, stdout.Trim());
        Assert.NotEqual(AgentVersion.Unknown, stdout.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_lists_every_flag_and_exits_0(string flag)
    {
        var (exit, stdout, _) = WcaProcess.Run([flag]);
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var option in new[] { "--config", "--register", "--log-level", "--root", "--log-output", "--version" })
            Assert.Contains(option, stdout);
    }

    [Fact]
    public void Missing_config_value_is_a_usage_error_exit_2()
    {
        // Issue 8: no -c at all runs the embedded default (EmbeddedDefaultTests); a -c without its value is still an error.
        var (exit, stdout, stderr) = WcaProcess.Run(["-0", "-c"]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("-c", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_exit_2()
    {
        var (exit, _, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-0", "--bogus"]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--bogus", stderr);
    }

    [Fact]
    public void Malformed_log_level_is_a_usage_error_exit_2()
    {
        var (exit, _, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-0", "-l", "wca:verbose"]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("verbose", stderr);
    }

    [Fact]
    public void Root_without_the_root_flag_exits_2_telling_to_pass_it()
    {
        Assert.Equal(0u, Wca.Host.Security.ProcessCredentials.EffectiveUid); // the suite runs as root (README)
        var (exit, _, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--root", stderr);
        Assert.Contains("-0", stderr);
    }

    [Fact]
    public void Hello_world_plugin_by_file_path_prints_and_exits_0()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Hello_world_plugin_by_assembly_name_is_found_on_WCA_PLUGIN_PATH()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", "Example.HelloWorldRunner, Wca.Examples", "--root"],
            environment: new Dictionary<string, string> { ["WCA_PLUGIN_PATH"] = "/nonexistent:" + RepoLayout.ExamplesDirectory });
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!\n", stdout);
    }

    [Fact]
    public void Relative_config_path_is_resolved_from_the_working_directory()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", "configs/extending/hello_world.yaml", "-r", HelloByPath, "-0"], workingDirectory: RepoLayout.Root);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!", stdout);
    }

    [Fact]
    public void Unknown_plugin_type_exits_1_naming_the_type_the_file_and_what_it_has()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", $"{RepoLayout.ExamplesDll}:Example.Nope", "-0"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("Example.Nope", stderr);
        Assert.Contains(RepoLayout.ExamplesDll, stderr);
        Assert.Contains("Example.HelloWorldRunner", stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    [Fact]
    public void Broken_config_exits_1_naming_the_file_before_running_anything()
    {
        using var dir = new TestDirectory();
        var config = dir.Write("broken.yaml", "runner: !HelloWorldRunner\n  no_such_field: 1\n");
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", config, "-r", HelloByPath, "-0"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains(config, stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    [Fact]
    public void Missing_config_file_exits_1_naming_it()
    {
        var (exit, _, stderr) = WcaProcess.Run(["-c", "/nonexistent/wca-test.yaml", "-0"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("/nonexistent/wca-test.yaml", stderr);
    }

    [Fact]
    public void Logs_go_to_stdout_in_the_reference_format_and_default_to_info()
    {
        var (exit, stdout, _) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0"]);
        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO     \{MainThread\} \[wca\.main\] Version wca: ", stdout);
        Assert.DoesNotContain(" DEBUG ", stdout);
    }

    [Fact]
    public void Bare_log_level_applies_to_wca()
    {
        var (_, stdout, _) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0", "-l", "debug"]);
        Assert.Contains("[wca.main] started PID=", stdout);
    }

    [Fact]
    public void Log_output_file_takes_the_log_lines_and_leaves_stdout_to_the_runner()
    {
        using var dir = new TestDirectory();
        var log = Path.Combine(dir.Path, "wca.log");
        var (exit, stdout, _) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0", "--log-output", log]);
        Assert.Equal(0, exit);
        Assert.Equal("Hello world!\n", stdout);
        Assert.Contains("[wca.main] Version wca: ", File.ReadAllText(log));
    }

    [Fact]
    public void Log_output_stderr_moves_the_log_lines_there()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0", "--log-output", "stderr"]);
        Assert.Equal(0, exit);
        Assert.Equal("Hello world!\n", stdout);
        Assert.Contains("[wca.main] Version wca: ", stderr);
    }

    [Fact]
    public void Unwritable_log_output_exits_1_naming_it()
    {
        var (exit, _, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-r", HelloByPath, "-0", "--log-output", "/nonexistent/dir/wca.log"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("/nonexistent/dir/wca.log", stderr);
    }

    [Fact]
    public void Config_loggers_apply_after_loading_and_the_command_line_wins_over_them()
    {
        using var dir = new TestDirectory();
        var config = dir.Write("debug.yaml", "loggers:\n  wca: debug\nrunner: !HelloWorldRunner\n");
        // "Running <runner>" is a DEBUG record of wca.main logged after the configuration is applied.
        var fromFile = WcaProcess.Run(["-c", config, "-r", HelloByPath, "-0"]);
        Assert.Contains("[wca.main] Running Example.HelloWorldRunner", fromFile.Stdout);
        Assert.DoesNotContain("started PID=", fromFile.Stdout); // logged before the file was read

        var cliWins = WcaProcess.Run(["-c", config, "-r", HelloByPath, "-0", "-l", "wca:info"]);
        Assert.DoesNotContain("Running Example.HelloWorldRunner", cliWins.Stdout);
        Assert.Contains("Hello world!", cliWins.Stdout);
    }

    [Fact]
    public void Invalid_level_in_config_loggers_exits_1()
    {
        using var dir = new TestDirectory();
        var config = dir.Write("bad-level.yaml", "loggers:\n  wca: loud\nrunner: !HelloWorldRunner\n");
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", config, "-r", HelloByPath, "-0"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("loud", stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Stop_signal_stops_the_runner_cleanly_with_exit_0(string signal)
    {
        using var dir = new TestDirectory();
        var config = dir.Write("wait.yaml", "runner: !HelloWorldRunner\n  wait_for_stop: true\n");
        using var wca = WcaProcess.Start(["-c", config, "-r", HelloByPath, "-0"]);
        Assert.True(wca.WaitForStdout("Hello world!"), wca.Stderr);
        wca.Signal(signal == "TERM" ? PosixSignal.SIGTERM : PosixSignal.SIGINT);
        var (exit, stdout, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, stderr);
        Assert.Contains("Stopped.", stdout);
        Assert.Contains("Stopped by SIG" + signal, stdout);
    }
}
