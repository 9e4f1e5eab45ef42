namespace Wca.Host.Logging;

/// <summary>The thread name printed in log lines: the thread's own name, else <c>Thread-&lt;id&gt;</c> (cached per thread).</summary>
internal static class ThreadNames
{
    [ThreadStatic] private static string? _cached;

    public static string Current
    {
        get
        {
            var named = Thread.CurrentThread.Name;
            if (named is not null) return named;
            return _cached ??= "Thread-" + Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
