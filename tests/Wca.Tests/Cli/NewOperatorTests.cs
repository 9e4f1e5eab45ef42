using System.Runtime.InteropServices;
using Wca.Host.Cli;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>What a new operator meets (issue 8): the embedded default, the original's plugin names, "everything" at debug.</summary>
public sealed class NewOperatorTests
{
    [Fact]
    public void Print_config_prints_configs_default_yaml_as_built_and_exits_0()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["--print-config"]);
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoLayout.Root, "configs/default.yaml")), stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Without_config_the_embedded_default_runs_stores_metrics_and_leaves_no_file_behind()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "wca-embedded-default-*").Length;
        using var task = TestCgroup.Create("embedded-default");
        using var wca = WcaProcess.Start(["-0"]);
        Assert.True(wca.WaitForStdout("running the embedded default configuration"), wca.Stdout + wca.Stderr);
        // LogStorage {} writes to stderr: the first package's platform metrics arrive.
        Assert.True(wca.WaitForStderr("# TYPE wca_up"), $"no metrics. stdout:\n{wca.Stdout}\nstderr:\n{wca.Stderr}");
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, $"stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "wca-embedded-default-*").Length);
    }

    [Fact]
    public void Help_mentions_the_root_variables_and_the_exit_codes()
    {
        var (exit, stdout, _) = WcaProcess.Run(["--help"]);
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var text in new[] { "WCA_PROC_ROOT", "WCA_SYS_ROOT", "WCA_CGROUP_ROOT", "WCA_RESCTRL_ROOT", "Exit codes:", "--print-config" })
            Assert.Contains(text, stdout);
    }

    [Fact]
    public void An_empty_register_exits_2_saying_the_value_is_empty()
    {
        var (exit, _, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-0", "--register", ""]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.StartsWith("wca: error: --register: the register value is empty (an unset variable such as $EXTRA_COMPONENT?)", stderr);
        Assert.DoesNotContain("nrecognized", stderr);
    }

    [Fact]
    public void The_originals_bundled_name_runs_the_example_plugin_found_next_to_the_agent()
    {
        // dist/ layout: the plugin next to the agent (make dist copies Wca.Examples.dll there).
        using var dir = new TestDirectory();
        var agent = Path.Combine(dir.Path, "agent");
        Directory.CreateDirectory(agent);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(RepoLayout.WcaDll)!)) File.Copy(file, Path.Combine(agent, Path.GetFileName(file)));
        File.Copy(RepoLayout.ExamplesDll, Path.Combine(agent, "Wca.Examples.dll"));
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-0", "-r", "example.hello_world_runner:HelloWorldRunner"],
            wcaDll: Path.Combine(agent, "wca.dll"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("Hello world!\n", stdout);
    }

    [Fact]
    public void Another_python_name_exits_1_saying_what_to_pass_instead()
    {
        var (exit, stdout, stderr) = WcaProcess.Run(["-c", RepoLayout.HelloWorldConfig, "-0", "-r", "wca.databases:LocalDatabase"]);
        Assert.Equal(ExitCodes.StartupError, exit);
        Assert.Contains("wca: error: Cannot register 'wca.databases:LocalDatabase': that is a Python module:Class name of the original WCA; "
            + "this agent loads .NET assemblies: pass path/to/Plugin.dll:Namespace.LocalDatabase or 'Namespace.LocalDatabase, AssemblyName'", stderr);
        Assert.DoesNotContain("Hello world!", stdout);
    }

    [Fact]
    public void Root_debug_raises_every_module_even_those_the_config_file_sets()
    {
        using var task = TestCgroup.Create("debug-everything");
        task.StartSleeper();
        using var dir = new TestDirectory();
        var config = dir.Write("debug.yaml", "loggers:\n  wca.pipeline: info\nrunner: !MeasurementRunner\n  node: !StaticNode\n"
            + $"    tasks: [{task.RelativePath}]\n  interval: 0.2\n");
        using var wca = WcaProcess.Start(["-c", config, "-0", "-l", ":debug"]);
        // DEBUG records of wca.main (default wca: info) and of wca.pipeline (the file says info).
        Assert.True(wca.WaitForStdout("DEBUG    {MainThread} [wca.pipeline.measurementcycle] Tasks detected: 1"), wca.Stdout);
        wca.Signal(PosixSignal.SIGTERM);
        var (exit, stdout, stderr) = wca.WaitForExit();
        Assert.True(exit == 0, stderr);
        Assert.Contains("DEBUG    {MainThread} [wca.main] started PID=", stdout);
    }
}
