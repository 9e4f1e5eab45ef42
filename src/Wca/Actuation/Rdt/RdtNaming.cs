namespace Wca.Actuation.Rdt;

/// <summary>
/// The agent's control groups are <c>wca-&lt;name&gt;</c> directories at the resctrl root: the prefix tells them from
/// groups other software made, so orphans of a crashed run can be removed and foreign groups kept.
/// </summary>
internal static class RdtNaming
{
    public const string ControlGroupPrefix = "wca-";
    public const int ControlGroupPrefixLength = 4;

    /// <summary>The directory of group <paramref name="name"/> ("" = the root group, the resctrl root itself).</summary>
    public static string Directory(string root, string name) => name.Length == 0 ? root : Path.Combine(root, ControlGroupPrefix + name);

    /// <summary>The group name of an agent directory name, or null for a foreign one.</summary>
    public static string? NameOf(string directoryName) =>
        directoryName.StartsWith(ControlGroupPrefix, StringComparison.Ordinal) && directoryName.Length > ControlGroupPrefixLength
            ? directoryName[ControlGroupPrefixLength..]
            : null;
}
