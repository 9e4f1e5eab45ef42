namespace Wca.Wrapper;

/// <summary>The wrapper's start-up: command line, child, parse loop, exit status.</summary>
internal static class WrapperApplication
{
    public static int Run(string[] args, string invokedAs)
    {
        _ = args;
        _ = invokedAs;
        return 0;
    }
}
