using Microsoft.Extensions.Logging;
using Wca.Host.Logging;

namespace Wca.Tests.Logging;

public sealed class ModuleLevelTests
{
    [Theory]
    [InlineData("info", "wca", LogLevel.Information)]
    [InlineData("DEBUG", "wca", LogLevel.Debug)]
    [InlineData("Warning", "wca", LogLevel.Warning)]
    [InlineData("critical", "wca", LogLevel.Critical)]
    [InlineData("wca.runners:trace", "wca.runners", LogLevel.Trace)]
    [InlineData("Example:error", "example", LogLevel.Error)]
    [InlineData(":debug", "", LogLevel.Debug)]
    [InlineData("\"\":debug", "", LogLevel.Debug)]
    [InlineData("warn", "wca", LogLevel.Warning)]
    public void Parses_module_and_level(string text, string module, LogLevel level)
    {
        Assert.Null(ModuleLevel.TryParse(text, out var setting));
        Assert.Equal(new ModuleLevel(module, level), setting);
    }

    [Theory]
    [InlineData("a:b:info", "at most one ':'")]
    [InlineData("wca:loud", "CRITICAL, ERROR, WARNING, INFO, DEBUG, TRACE")]
    [InlineData("", "CRITICAL")]
    public void Rejects_malformed_values_with_a_message(string text, string expected)
    {
        Assert.Contains(expected, ModuleLevel.TryParse(text, out _));
    }

    [Fact]
    public void Module_of_a_category_is_the_category_lower_cased()
    {
        Assert.Equal("wca.runners.measurementrunner", ModuleLevel.ModuleOf("Wca.Runners.MeasurementRunner"));
        Assert.Equal("example.exampledetector", ModuleLevel.ModuleOf("Example.ExampleDetector"));
    }
}
