namespace Wca.Storage;

/// <summary>
/// A component holding output files open: on SIGHUP the agent asks it to reopen them at their configured paths
/// (the convention logrotate relies on). Called from the signal thread: implementations only note the request and
/// act on their own thread.
/// </summary>
internal interface IReopenable
{
    void RequestReopen();
}
