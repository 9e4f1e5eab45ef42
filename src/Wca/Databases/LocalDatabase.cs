using Wca.Api.Configuration;
using Wca.Api.Databases;

namespace Wca.Databases;

/// <summary>
/// The <c>!LocalDatabase</c> component: one file per key in <c>directory</c>, created (with its parents) at the first
/// write if missing and reused if there (the original failed on a restart); loading a configuration touches no file.
/// A write goes to a temporary file in the directory (its name holds '~', which no key can), is fsynced, renamed over
/// the key's file and the directory fsynced, so a crash leaves the old or the new value, never half of one. Writers of one directory (threads or processes) take an advisory lock, which makes
/// <see cref="CompareAndSet"/> atomic on this node; reads take none.
/// </summary>
[WcaComponent]
public sealed class LocalDatabase : IKeyValueDatabase
{
    private const string LockFileName = "~lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);
    private readonly Lock _threads = new();
    private long _temporaryCounter;
    private bool _directoryExists;

    /// <param name="directory">Where the values are kept; created (with its parents) when missing.</param>
    public LocalDatabase([FilePath] string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (File.Exists(directory))
            throw new ArgumentException($"directory '{directory}' is a file: give a directory (it is created when missing)", nameof(directory));
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The absolute path of the directory holding the values.</summary>
    public string Directory { get; }

    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var copy = value.ToArray();
        Locked(cancellationToken, () => Replace(path, copy));
    }

    public byte[]? Get(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Read(path);
    }

    public bool Delete(ReadOnlySpan<byte> key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        return Locked(cancellationToken, () =>
        {
            if (!File.Exists(path)) return false;
            Io(path, () => File.Delete(path));
            DirectorySync.Fsync(Directory);
            return true;
        });
    }

    public bool CompareAndSet(ReadOnlySpan<byte> key, byte[]? expected, ReadOnlySpan<byte> value, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var copy = value.ToArray();
        return Locked(cancellationToken, () =>
        {
            var current = Read(path);
            if (current is null ? expected is not null : expected is null || !current.AsSpan().SequenceEqual(expected)) return false;
            Replace(path, copy);
            return true;
        });
    }

    private string PathOf(ReadOnlySpan<byte> key)
    {
        DatabaseKey.Validate(key);
        // Valid keys are ASCII, so the file name is the key's text.
        return Path.Join(Directory, System.Text.Encoding.ASCII.GetString(key));
    }

    private static byte[]? Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"LocalDatabase: cannot read '{path}': {e.Message}", e);
        }
    }

    private void Replace(string path, byte[] value)
    {
        // Not derived from the key: a 255-byte key plus a suffix would pass NAME_MAX.
        var temporary = Path.Join(Directory, $"~tmp.{Environment.ProcessId}.{Interlocked.Increment(ref _temporaryCounter)}");
        try
        {
            Io(path, () =>
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    file.Write(value);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, path, overwrite: true);
            });
            DirectorySync.Fsync(Directory);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Runs <paramref name="write"/> holding this process's lock and the directory's advisory lock.</summary>
    private T Locked<T>(CancellationToken cancellationToken, Func<T> write)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_threads)
        {
            EnsureDirectory();
            var lockPath = Path.Join(Directory, LockFileName);
            var deadline = DateTime.UtcNow + LockTimeout;
            while (true)
            {
                FileStream? held = null;
                try
                {
                    // FileShare.None is an flock(LOCK_EX | LOCK_NB) on Linux: another process's writer holds it.
                    held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(lockPath))
                {
                    cancellationToken.WaitHandle.WaitOne(10);
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new DatabaseUnavailableException($"LocalDatabase: cannot lock '{lockPath}' within {LockTimeout.TotalSeconds:0} s: {e.Message}", e);
                }
                using (held) return write();
            }
        }
    }

    private void EnsureDirectory()
    {
        if (_directoryExists) return;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"LocalDatabase: cannot create directory '{Directory}': {e.Message}", e);
        }
        _directoryExists = true;
    }

    private void Locked(CancellationToken cancellationToken, Action write) => Locked(cancellationToken, () => { write(); return 0; });

    private static void Io(string path, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"LocalDatabase: cannot write '{path}': {e.Message}", e);
        }
    }
}
