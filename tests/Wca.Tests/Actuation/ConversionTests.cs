using Wca.Actuation;

namespace Wca.Tests.Actuation;

/// <summary>The formulas: the original's quota normalisation and its test table, shares and weight, list format.</summary>
public sealed class ConversionTests
{
    [Theory]
    // The reference's test table: q, period, cpus → quota written.
    [InlineData(0.0, 2000, 1, 1000, true)]
    [InlineData(1.0, 2000, 1, -1, false)]
    [InlineData(2.0, 1000, 1, -1, false)]
    [InlineData(1.0, 1000, 8, -1, false)]
    [InlineData(0.5, 1000, 8, 4000, false)]
    [InlineData(0.25, 10000, 8, 20000, false)]
    [InlineData(0.25, 100000, 2, 50000, false)]
    public void Quota_is_a_share_of_the_whole_machine_per_period_with_a_minimum(double q, int period, int cpus, long expected, bool clamped)
    {
        Assert.Equal((expected, clamped), (CpuQuotaConversion.ToKernel(q, period, cpus, out var wasClamped, out _), wasClamped));
        Assert.True(q <= 1.0 || CpuQuotaConversion.ToKernel(q, period, cpus, out _, out var above) == -1 && above);
    }

    [Fact]
    public void Quota_read_back_is_not_clamped_and_no_limit_is_one()
    {
        Assert.Equal(1.0, CpuQuotaConversion.FromKernel(-1, 100000, 16));
        Assert.Equal(0.25, CpuQuotaConversion.FromKernel(4000, 1000, 16));
        Assert.Equal(2.0, CpuQuotaConversion.FromKernel(400000, 100000, 2));
    }

    [Theory]
    [InlineData(0.0, 2, true)]
    [InlineData(1.0, 1000, false)]
    [InlineData(1.024, 1024, false)]
    [InlineData(300.0, 262144, true)]
    public void Shares_are_clamped_to_the_kernels_range(double shares, long expected, bool clamped)
    {
        Assert.Equal((expected, clamped), (CpuSharesConversion.ToShares(shares, 1000, out var wasClamped), wasClamped));
    }

    [Theory]
    [InlineData(2, 1, 10)]
    [InlineData(1024, 100, 1024)]
    [InlineData(200, 20, 205)]
    [InlineData(262144, 10000, 102400)]
    public void Shares_map_to_weight_as_the_kernel_maps_them(long shares, long weight, long readBack)
    {
        Assert.Equal(weight, CpuSharesConversion.SharesToWeight(shares));
        Assert.Equal(readBack, CpuSharesConversion.WeightToShares(weight));
    }

    [Theory]
    [InlineData("0-2,4,6-8", "0-2,4,6-8")]
    [InlineData("3,1,2,2", "1-3")]
    [InlineData("0", "0")]
    [InlineData("", "")]
    public void Lists_parse_into_sets_and_print_as_the_kernel_prints(string text, string printed)
    {
        Assert.Equal(printed, CpuList.Format(CpuList.TryParse(text)!));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("3-1")]
    [InlineData("0--2")]
    [InlineData("0,,1")]
    public void Anything_else_is_not_a_list(string text) => Assert.Null(CpuList.TryParse(text));

    [Fact]
    public void The_tolerance_is_relative()
    {
        Assert.False(AllocationTolerance.Same(100000, 102000)); // 2 %
        Assert.True(AllocationTolerance.Same(100000, 100050)); // 0.05 %
        Assert.False(AllocationTolerance.Same(-1, 1000));
        Assert.True(CpuList.SameSet("0,1,2", "0-2"));
    }
}
