using System.Globalization;
using System.Numerics;
using Wca.Api;

namespace Wca.Actuation.Rdt;

/// <summary>
/// Checks an <c>rdt</c> allocation before anything is written, each violation its own sentence naming the value and
/// the rule (the original wrote blindly and crashed on the kernel's refusal): the group name must make a directory;
/// l3 needs cache control, the "L3:" prefix, existing domains and masks that are hexadecimal, inside cbm_mask, one
/// run of contiguous 1 bits and at least min_cbm_bits long (resctrl.rst "Cache Bit Masks (CBM)"); mb needs
/// bandwidth control, the "MB:" prefix, existing domains and integer percentages from min_bandwidth to 100 in steps
/// of bandwidth_gran (resctrl.rst "Memory bandwidth Allocation and monitoring"; in mba_MBps mode any MBps value).
/// </summary>
internal static class RdtAllocationRules
{
    /// <summary>Longest group name: a directory name (255 bytes) with the agent's prefix.</summary>
    public const int MaxNameLength = 255 - RdtNaming.ControlGroupPrefixLength;

    /// <summary>The problems of <paramref name="allocation"/> (empty = valid).</summary>
    public static List<RdtProblem> Check(RdtAllocation allocation, RdtControlInfo info)
    {
        var problems = new List<RdtProblem>();
        if (!info.Control)
        {
            problems.Add(new(true, "RDT allocation is not available: resctrl has neither L3 cache nor memory bandwidth control (no L3 or MB line in its root schemata)"));
            return problems;
        }
        if (allocation.Name is { } name && NameProblem(name) is { } bad) problems.Add(new(false, bad));
        if (allocation.L3 is { } l3) CheckL3(l3, info, problems);
        if (allocation.Mb is { } mb) CheckMb(mb, info, problems);
        return problems;
    }

    /// <summary>Why <paramref name="name"/> cannot name a control group, or null ("" is the root group).</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0) return null;
        if (name.Length > MaxNameLength) return $"group name \"{name}\" is longer than {MaxNameLength} characters";
        if (name is "." or ".." || name.AsSpan().IndexOfAny('/', '\0', '\n') >= 0 || name.Any(char.IsWhiteSpace))
            return $"group name \"{name}\" cannot name a directory: no '/', whitespace, \".\" or \"..\"";
        return null;
    }

    private static void CheckL3(string text, RdtControlInfo info, List<RdtProblem> problems)
    {
        if (!info.CacheControl)
        {
            problems.Add(new(true, $"l3 \"{text}\": RDT cache allocation is not available (the root schemata has no L3 line; with CDP mounted it has L3CODE/L3DATA, which rdt does not set)"));
            return;
        }
        if (Parse(text, "L3", "l3", "L3:0=fffff;1=fffff", problems) is not { } line) return;
        var mask = info.CbmMask.ToString("x", CultureInfo.InvariantCulture);
        foreach (var (id, value) in line.Domains)
        {
            if (!Domain(text, "l3", id, info.L3Domains, problems)) continue;
            if (!ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            {
                problems.Add(new(false, $"l3 \"{text}\": domain {id} mask \"{value}\" is not hexadecimal (e.g. ff0, no 0x)"));
                continue;
            }
            if ((bits & ~info.CbmMask) != 0)
                problems.Add(new(false, $"l3 \"{text}\": domain {id} mask {value} sets bits outside cbm_mask {mask}"));
            else if (bits != 0 && !Contiguous(bits))
                problems.Add(new(false, $"l3 \"{text}\": domain {id} mask {value} has a gap: the set bits must be one contiguous run (cbm_mask {mask})"));
            else if (BitOperations.PopCount(bits) < info.MinCbmBits)
                problems.Add(new(false, $"l3 \"{text}\": domain {id} mask {value} sets {BitOperations.PopCount(bits)} bits, fewer than min_cbm_bits {info.MinCbmBits}"));
        }
    }

    private static void CheckMb(string text, RdtControlInfo info, List<RdtProblem> problems)
    {
        if (!info.MbControl)
        {
            problems.Add(new(true, $"mb \"{text}\": RDT memory bandwidth allocation is not available (the root schemata has no MB line)"));
            return;
        }
        if (Parse(text, "MB", "mb", "MB:0=100;1=100", problems) is not { } line) return;
        foreach (var (id, value) in line.Domains)
        {
            if (!Domain(text, "mb", id, info.MbDomains, problems)) continue;
            if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                problems.Add(new(false, $"mb \"{text}\": domain {id} value \"{value}\" is not a whole number ({(info.MbaMbps ? "MBps" : "percent")})"));
                continue;
            }
            if (info.MbaMbps) continue; // the software controller takes any MBps
            if (v > 100)
                problems.Add(new(false, $"mb \"{text}\": domain {id} value {v} is above 100 percent"));
            else if (v < info.MinBandwidth)
                problems.Add(new(false, $"mb \"{text}\": domain {id} value {v} is below min_bandwidth {info.MinBandwidth}"));
            else if (info.BandwidthGran > 1 && v % info.BandwidthGran != 0)
                problems.Add(new(false, $"mb \"{text}\": domain {id} value {v} is not a multiple of bandwidth_gran {info.BandwidthGran} (the kernel would round it up to {Math.Min(100, (v / info.BandwidthGran + 1) * info.BandwidthGran)})"));
        }
    }

    private static SchemataLine? Parse(string text, string resource, string key, string example, List<RdtProblem> problems)
    {
        if (!text.TrimStart().StartsWith(resource + ":", StringComparison.Ordinal))
        {
            problems.Add(new(false, $"{key} \"{text}\" should start with \"{resource}:\" (e.g. \"{example}\")"));
            return null;
        }
        var line = SchemataLine.TryParse(text, out var error);
        if (line is null) problems.Add(new(false, $"{key}: {error}"));
        else if (line.Domains.Count == 0) problems.Add(new(false, $"{key} \"{text}\" names no domain (e.g. \"{example}\")"));
        return line is { Domains.Count: > 0 } ? line : null;
    }

    private static bool Domain(string text, string key, string id, IReadOnlyList<string> domains, List<RdtProblem> problems)
    {
        if (domains.Contains(id)) return true;
        problems.Add(new(false, $"{key} \"{text}\": domain {id} does not exist (domains: {string.Join(", ", domains)})"));
        return false;
    }

    /// <summary>One run of 1 bits: shifted down to bit 0, plus one is a power of two.</summary>
    private static bool Contiguous(ulong bits)
    {
        var run = bits >> BitOperations.TrailingZeroCount(bits);
        return (run & (run + 1)) == 0;
    }
}

/// <summary>One broken rule of an rdt allocation.</summary>
/// <param name="NotSupported">The platform lacks the control (not a wrong value).</param>
/// <param name="Message">What is wrong, naming the value and the rule.</param>
internal sealed record RdtProblem(bool NotSupported, string Message)
{
    public override string ToString() => Message;
}
