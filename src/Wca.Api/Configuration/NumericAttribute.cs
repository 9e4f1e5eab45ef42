using System.Globalization;

namespace Wca.Api.Configuration;

/// <summary>An int or float within [min, max] (inclusive).</summary>
public sealed class NumericAttribute(double min, double max) : ConfigValidationAttribute
{
    /// <summary>Smallest valid value (inclusive).</summary>
    public double Min { get; } = min;
    /// <summary>Largest valid value (inclusive).</summary>
    public double Max { get; } = max;

    /// <inheritdoc/>
    public override string Expected => string.Create(CultureInfo.InvariantCulture, $"a number from {Min} to {Max}");

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        double v;
        try { v = Convert.ToDouble(value, CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is InvalidCastException or FormatException) { return "Invalid type: " + value.GetType().Name + ". Type must be a number."; }
        if (double.IsNaN(v)) return "Value must be a number. Got NaN.";
        if (v < Min) return string.Create(CultureInfo.InvariantCulture, $"Minimum value is {Min}. Got {value}.");
        if (v > Max) return string.Create(CultureInfo.InvariantCulture, $"Maximum value is {Max}. Got {value}.");
        return null;
    }
}
