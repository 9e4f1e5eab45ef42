using Microsoft.Extensions.Logging;
using Wca.Host.Logging;

namespace Wca.Tests.Logging;

public sealed class LogLevelTableTests
{
    private static ModuleLevel L(string text)
    {
        Assert.Null(ModuleLevel.TryParse(text, out var s));
        return s;
    }

    [Fact]
    public void Default_is_wca_info_and_warning_outside_wca()
    {
        var table = LogLevelTable.Default;
        Assert.Equal(LogLevel.Information, table.LevelFor("wca.runners.measurementrunner"));
        Assert.Equal(LogLevel.Information, table.LevelFor("wca"));
        Assert.Equal(LogLevel.Warning, table.LevelFor("example.exampledetector"));
        Assert.Equal(LogLevel.Warning, table.LevelFor("wcafoo"));
    }

    [Fact]
    public void Command_line_wins_over_the_config_file_which_wins_over_the_default()
    {
        var table = LogLevelTable.Build([L("wca:debug"), L("example:error")], [L("wca:warning")]);
        Assert.Equal(LogLevel.Warning, table.LevelFor("wca.main"));
        Assert.Equal(LogLevel.Error, table.LevelFor("example.exampledetector"));

        Assert.Equal(LogLevel.Debug, LogLevelTable.Build([L("wca:debug")], []).LevelFor("wca.main"));
    }

    [Fact]
    public void The_most_specific_module_wins_then_the_root()
    {
        var table = LogLevelTable.Build([], [L(":trace"), L("wca:warning"), L("wca.runners:debug")]);
        Assert.Equal(LogLevel.Debug, table.LevelFor("wca.runners.measurementrunner"));
        Assert.Equal(LogLevel.Warning, table.LevelFor("wca.main"));
        Assert.Equal(LogLevel.Trace, table.LevelFor("example.helloworldrunner"));
        Assert.Equal(LogLevel.Trace, table.LevelFor("system.net.http"));
    }

    [Fact]
    public void Repeating_a_module_the_last_value_wins()
    {
        var table = LogLevelTable.Build([], [L("debug"), L("error")]);
        Assert.Equal(LogLevel.Error, table.LevelFor("wca.main"));
    }
}
