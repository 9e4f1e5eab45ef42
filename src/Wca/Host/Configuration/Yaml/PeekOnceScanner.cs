using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Wca.Host.Configuration.Yaml;

/// <summary>
/// YamlDotNet's scanner with a repeatable peek. Its <c>MoveNextWithoutConsuming</c> hands out the next token every call,
/// and the parser (18.x) peeks twice after an anchored value in a flow mapping, losing the ',' in <c>{x: &amp;v y, z: *v}</c>
/// (valid YAML it then rejects). Here a peek returns the same token until it is consumed.
/// </summary>
internal sealed class PeekOnceScanner(IScanner inner) : IScanner
{
    private bool _peeked;

    public Mark CurrentPosition => inner.CurrentPosition;

    public Token? Current => inner.Current;

    public bool MoveNext()
    {
        _peeked = false;
        return inner.MoveNext();
    }

    public bool MoveNextWithoutConsuming()
    {
        // At the stream's end the parser asks once more and must hear "no more tokens".
        if (_peeked && inner.Current is not StreamEnd) return true;
        _peeked = inner.MoveNextWithoutConsuming();
        return _peeked;
    }

    public void ConsumeCurrent()
    {
        _peeked = false;
        inner.ConsumeCurrent();
    }
}
