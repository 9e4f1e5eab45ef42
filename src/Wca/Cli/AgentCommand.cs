namespace Wca.Cli;

/// <summary>Entry point: parses the command line and runs the configured runner. (Placeholder until the CLI lands.)</summary>
public static class AgentCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("wca: not implemented yet");
        return 1;
    }
}
