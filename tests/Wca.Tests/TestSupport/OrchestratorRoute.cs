namespace Wca.Tests.TestSupport;

/// <summary>What an <see cref="OrchestratorServer"/> answers on one method and path.</summary>
public sealed record OrchestratorRoute
{
    public int Status { get; init; } = 200;
    public byte[] Body { get; init; } = [];
    public string ContentType { get; init; } = "application/json";
    public OrchestratorFault Fault { get; init; }

    /// <summary>Body size of the Huge faults (default 100 MB).</summary>
    public long HugeBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>How long to wait before answering (a slow orchestrator).</summary>
    public TimeSpan Delay { get; init; }

    public static OrchestratorRoute Json(string json, int status = 200) => new() { Status = status, Body = System.Text.Encoding.UTF8.GetBytes(json) };
    public static OrchestratorRoute File(string path, int status = 200) => new() { Status = status, Body = System.IO.File.ReadAllBytes(path) };
    public static OrchestratorRoute Faulty(OrchestratorFault fault) => new() { Fault = fault };
    public static OrchestratorRoute StatusOnly(int status, string body = "") => new() { Status = status, Body = System.Text.Encoding.UTF8.GetBytes(body), ContentType = "text/plain" };
}
