using System.Diagnostics;

namespace Wca.Tests.TestSupport;

/// <summary>
/// kill(SIGSTOP) returns before a multithreaded process has stopped: a request sent right after it may still be
/// answered. Waits until every thread of the process is in the stopped state (T in /proc/&lt;pid&gt;/task/*/stat).
/// </summary>
internal static class StoppedProcess
{
    public static void WaitUntilStopped(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (!AllThreadsStopped(pid))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"process {pid} did not stop within 10 s of SIGSTOP");
            Thread.Sleep(5);
        }
    }

    private static bool AllThreadsStopped(int pid)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string stat;
            try { stat = File.ReadAllText(task + "/stat"); }
            catch (IOException) { continue; } // the thread ended
            // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parentheses).
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            if (state is not ('T' or 't')) return false;
        }
        return true;
    }
}
