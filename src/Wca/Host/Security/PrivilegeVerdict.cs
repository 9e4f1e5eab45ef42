namespace Wca.Host.Security;

/// <summary>Outcome of the start-up privilege check.</summary>
public enum PrivilegeVerdict
{
    /// <summary>Go on.</summary>
    Sufficient,

    /// <summary>Effective uid 0 without <c>--root</c>: exit 2.</summary>
    RootNotAllowed,

    /// <summary>Not root and missing a privilege the configuration needs: exit 1.</summary>
    Insufficient,
}
