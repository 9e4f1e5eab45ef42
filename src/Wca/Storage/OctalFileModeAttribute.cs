using Wca.Api.Configuration;

namespace Wca.Storage;

/// <summary>A file mode written in octal, as chmod takes it: '0644', '644' or '0o644' (permission bits only, up to 0777).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class OctalFileModeAttribute : ConfigValidationAttribute
{
    /// <inheritdoc/>
    public override string Expected => "an octal file mode such as '0644' (permission bits, 000 to 0777)";

    /// <inheritdoc/>
    public override string? Validate(object value) =>
        value is string s && TryParse(s, out _) ? null : "chmod's octal notation is three digits 0-7 (owner, group, others), optionally after '0' or '0o'";

    /// <summary>Parses the mode; false for anything but three octal digits with an optional '0' or '0o' prefix.</summary>
    public static bool TryParse(string text, out UnixFileMode mode)
    {
        mode = 0;
        var digits = text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? text[2..]
            : text.Length == 4 && text[0] == '0' ? text[1..]
            : text;
        if (digits.Length != 3) return false;
        var bits = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '7') return false;
            bits = bits * 8 + (c - '0');
        }
        mode = (UnixFileMode)bits;
        return true;
    }

    /// <summary>The mode as chmod prints it ('0644').</summary>
    public static string Format(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');
}
