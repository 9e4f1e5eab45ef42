namespace Wca;

/// <summary>MERGE placeholder.</summary>
public static class AgentVersion
{
    public static string Current => "unknown_version";
}
