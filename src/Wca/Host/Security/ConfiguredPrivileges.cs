using Wca.Api;

namespace Wca.Host.Security;

/// <summary>
/// What a bound configuration needs, asked of its runner (<see cref="IPrivilegedComponent"/>), and the settings behind each
/// need for the refusal message. Reads the components' values only: nothing on the host.
/// </summary>
public static class ConfiguredPrivileges
{
    /// <summary>The runner's declared needs; a runner that declares none (a plugin, say) needs none.</summary>
    public static PrivilegeNeeds Of(IRunner runner) =>
        runner is IPrivilegedComponent privileged ? privileged.PrivilegeNeeds : PrivilegeNeeds.None;

    /// <summary>For each need of <paramref name="runner"/>, the YAML settings that ask for it (runner field names and values).</summary>
    public static IReadOnlyDictionary<PrivilegeNeeds, string> Causes(IRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var causes = new Dictionary<PrivilegeNeeds, string>();
        var needs = Of(runner);
        foreach (var need in PrivilegeCheck.SingleNeeds)
            if (needs.HasFlag(need)) causes[need] = CauseOf(runner, need);
        return causes;
    }

    private static string CauseOf(IRunner runner, PrivilegeNeeds need) =>
        // A runner that does not say which setting: its name tells the user where to look.
        (runner as IPrivilegedComponent)?.PrivilegeCause(need) ?? runner.GetType().Name;
}
