using Wca.Wrapper.Parsers;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>Number text read as the original's float() and int() read it (wrapper.md §10.1).</summary>
public sealed class PythonFloatTests
{
    [Theory]
    [InlineData("4.0", 4.0)]
    [InlineData(" 4 ", 4.0)]
    [InlineData("\t12\n", 12.0)]
    [InlineData("1e5", 100000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData("-3", -3.0)]
    [InlineData("+.5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1_000.5", 1000.5)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("١٢", 12.0)]
    public void Python_float_literals_are_read(string text, double value)
    {
        Assert.True(PythonFloat.TryParse(text, out var parsed), text);
        Assert.Equal(value, parsed);
    }

    [Fact]
    public void Nan_is_read_in_any_case()
    {
        Assert.True(PythonFloat.TryParse("NaN", out var a) && double.IsNaN(a));
        Assert.True(PythonFloat.TryParse("nan", out var b) && double.IsNaN(b));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1,")]
    [InlineData("1m")]
    [InlineData("1,000")]
    [InlineData("_1")]
    [InlineData("1__0")]
    [InlineData("1_")]
    [InlineData("∞")]
    [InlineData("1 2")]
    [InlineData("0x10")]
    [InlineData("e5")]
    public void Other_text_is_not_a_number(string text) => Assert.False(PythonFloat.TryParse(text, out _), text);

    [Theory]
    [InlineData("173", 173L)]
    [InlineData(" 42\n", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("1_000", 1000L)]
    public void Python_int_literals_are_read(string text, long value)
    {
        Assert.True(PythonFloat.TryParseInteger(text, out var parsed), text);
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999999")]
    public void Other_text_is_not_an_int(string text) => Assert.False(PythonFloat.TryParseInteger(text, out _), text);
}
