using System.Text;
using Wca.Api;

namespace Wca.Tests.Wrapper;

/// <summary>Values as the mid-2019 wrapper wrote them: Python's repr of a float (wrapper.md §9.3 item 4).</summary>
public sealed class PythonFloatTextTests
{
    private static string Format(double value, bool asInteger = false)
    {
        var buffer = new byte[64];
        return Encoding.ASCII.GetString(buffer, 0, PythonFloatText.Format(value, asInteger, buffer));
    }

    [Theory]
    [InlineData(12.0, "12.0")]
    [InlineData(0.261, "0.261")]
    [InlineData(159578.5, "159578.5")]
    [InlineData(1.2, "1.2")]
    [InlineData(1.25, "1.25")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(0.0000123, "1.23e-05")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Floats_are_written_as_python_repr(double value, string text) => Assert.Equal(text, Format(value));

    [Fact]
    public void Integral_values_marked_integer_have_no_fraction()
    {
        Assert.Equal("173", Format(173, asInteger: true));
        Assert.Equal("-2", Format(-2, asInteger: true));
        Assert.Equal("1.5", Format(1.5, asInteger: true));
        Assert.Equal("inf", Format(double.PositiveInfinity, asInteger: true));
    }
}
