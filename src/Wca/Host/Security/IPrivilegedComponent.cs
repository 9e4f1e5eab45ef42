namespace Wca.Host.Security;

/// <summary>
/// A component whose configuration needs privileges; the runner (the root of the config) declares them for itself and
/// what it runs. The agent asks the runner once the configuration is bound, before anything touches the host.
/// </summary>
public interface IPrivilegedComponent
{
    /// <summary>What the configured values need (a pure function of the configuration: no host access).</summary>
    PrivilegeNeeds PrivilegeNeeds { get; }

    /// <summary>The settings that ask for <paramref name="need"/>, as a user wrote them (e.g. "event_names: instructions"), for the refusal message.</summary>
    string? PrivilegeCause(PrivilegeNeeds need);
}
