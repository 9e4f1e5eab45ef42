using Wca.Api;
using Wca.Api.Configuration;

namespace Example;

/// <summary>The smallest runner: prints <c>Hello world!</c> and exits 0. Config: <c>runner: !HelloWorldRunner</c>.</summary>
[WcaComponent]
public sealed class HelloWorldRunner : IRunner
{
    public int Run(CancellationToken stopping)
    {
        Console.Out.WriteLine("Hello world!");
        Console.Out.Flush();
        return 0;
    }
}
