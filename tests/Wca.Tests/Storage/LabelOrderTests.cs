using Wca.Api;

namespace Wca.Tests.Storage;

public sealed class LabelOrderTests
{
    [Fact]
    public void Sorts_digit_values_numerically_numbers_before_words_and_prefixes_first()
    {
        var sets = new[]
        {
            LabelSet.From(("task", "b")),
            LabelSet.From(("task", "20")),
            LabelSet.From(("task", "3")),
            LabelSet.From(("task", "3"), ("x", "1")),
            LabelSet.From(("task", "a")),
            LabelSet.From(("task", "100000000000000000000000")),
            LabelSet.From(("app", "z")),
        };
        var sorted = sets.OrderBy(s => s, Comparer<LabelSet>.Create(LabelOrder.Compare)).Select(s => s.ToString()).ToArray();
        Assert.Equal(
        [
            "{app=\"z\"}",
            "{task=\"3\"}",
            "{task=\"3\",x=\"1\"}",
            "{task=\"20\"}",
            "{task=\"100000000000000000000000\"}",
            "{task=\"a\"}",
            "{task=\"b\"}",
        ], sorted);
    }

    [Fact]
    public void Equal_sets_compare_equal_and_leading_zeros_do_not_tie_distinct_values()
    {
        Assert.Equal(0, LabelOrder.Compare(LabelSet.From(("a", "1")), LabelSet.From(("a", "1"))));
        Assert.NotEqual(0, LabelOrder.Compare(LabelSet.From(("a", "01")), LabelSet.From(("a", "1"))));
    }
}
