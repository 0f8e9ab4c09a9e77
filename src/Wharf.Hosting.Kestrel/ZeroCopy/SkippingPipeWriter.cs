using System.Buffers;
using System.IO.Pipelines;

namespace Wharf.Hosting.Kestrel.ZeroCopy;

/// <summary>
/// The output of a connection whose file bodies the kernel sends. Kestrel still writes every
/// response into it, but for a zero-copy response this writer keeps the head aside (it goes out
/// by send(2) right before sendfile(2)) and drops the body bytes Kestrel is told of afterwards,
/// which keeps Kestrel's Content-Length accounting and keep-alive as they are.
/// </summary>
internal sealed class SkippingPipeWriter(PipeWriter inner) : PipeWriter
{
    private enum Mode { PassThrough, Capture, Skip }

    private readonly ArrayBufferWriter<byte> _head = new(1024);
    private byte[] _scratch = [];
    private Mode _mode;
    private long _skipLeft;

    /// <summary>From now on what Kestrel writes is kept aside (the response head), not sent.</summary>
    public void BeginCapture()
    {
        _head.ResetWrittenCount();
        _mode = Mode.Capture;
    }

    /// <summary>The head kept aside since <see cref="BeginCapture"/>.</summary>
    public ReadOnlyMemory<byte> CapturedHead => _head.WrittenMemory;

    /// <summary>The next <paramref name="count"/> bytes Kestrel writes are a body already sent: they are dropped.</summary>
    public void BeginSkip(long count)
    {
        _skipLeft = count;
        _mode = count > 0 ? Mode.Skip : Mode.PassThrough;
    }

    /// <summary>Back to sending what Kestrel writes (also after a zero-copy response gave up).</summary>
    public void PassThrough() => _mode = Mode.PassThrough;

    public override void Advance(int bytes)
    {
        switch (_mode)
        {
            case Mode.PassThrough:
                inner.Advance(bytes);
                break;
            case Mode.Capture:
                _head.Advance(bytes);
                break;
            default:
                if (bytes <= _skipLeft)
                {
                    _skipLeft -= bytes;
                    if (_skipLeft == 0) _mode = Mode.PassThrough;
                    break;
                }
                // One write ran past the skipped body (a copy of buffered output): the rest is the
                // next response's and goes out.
                var rest = _scratch.AsSpan((int)_skipLeft, bytes - (int)_skipLeft);
                _skipLeft = 0;
                _mode = Mode.PassThrough;
                inner.Write(rest);
                break;
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _mode switch
    {
        Mode.PassThrough => inner.GetMemory(sizeHint),
        Mode.Capture => _head.GetMemory(sizeHint),
        _ => Scratch(sizeHint),
    };

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _mode == Mode.PassThrough ? inner.FlushAsync(cancellationToken) : new ValueTask<FlushResult>(new FlushResult(false, false));

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _mode == Mode.PassThrough ? inner.UnflushedBytes : 0;

    private Memory<byte> Scratch(int sizeHint)
    {
        // Its content is never read: the kernel sent the body from the file.
        var size = Math.Max(sizeHint, 64 * 1024);
        if (_scratch.Length < size) _scratch = new byte[size];
        return _scratch;
    }
}
