using Wca.Host.Configuration.Yaml;

namespace Wca.Tests.Configuration.Yaml;

public sealed class CoreSchemaTests
{
    [Theory]
    [InlineData("", "Null")]
    [InlineData("~", "Null")]
    [InlineData("NULL", "Null")]
    [InlineData("True", "Boolean")]
    [InlineData("yes", "String")]
    [InlineData("off", "String")]
    [InlineData("1", "Integer")]
    [InlineData("-0x1F", "Integer")]
    [InlineData("0o17", "Integer")]
    [InlineData("1_000", "Integer")]
    [InlineData("1.", "Float")]
    [InlineData(".5", "Float")]
    [InlineData("-1.5e3", "Float")]
    [InlineData(".inf", "Float")]
    [InlineData(".nan", "Float")]
    [InlineData("1e", "String")]
    [InlineData(".", "String")]
    [InlineData("0x", "String")]
    [InlineData("127.0.0.1", "String")]
    [InlineData("99999999999999999999", "Integer")]
    [InlineData("0x1G", "String")]
    public void PlainScalarsResolveAsInYaml12Core(string text, string kind) =>
        Assert.Equal(kind, CoreSchema.Classify(text, isPlain: true, tag: null).ToString());

    [Fact]
    public void QuotedOrStrTaggedScalarsAreStrings()
    {
        Assert.Equal(ScalarKind.String, CoreSchema.Classify("1", isPlain: false, tag: null));
        Assert.Equal(ScalarKind.String, CoreSchema.Classify("1", isPlain: true, tag: "tag:yaml.org,2002:str"));
    }

    [Fact]
    public void NumbersParseToTheirValues()
    {
        Assert.True(CoreSchema.TryInteger("-0x10", out var hex));
        Assert.Equal(-16, hex);
        Assert.True(CoreSchema.TryInteger("-9223372036854775808", out var min));
        Assert.Equal(long.MinValue, min);
        Assert.True(CoreSchema.TryFloat("5.", out var trailingDot));
        Assert.Equal(5.0, trailingDot);
        Assert.True(CoreSchema.TryFloat("-.inf", out var negativeInfinity));
        Assert.Equal(double.NegativeInfinity, negativeInfinity);
    }
}
