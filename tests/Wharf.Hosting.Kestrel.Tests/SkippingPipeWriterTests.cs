using System.IO.Pipelines;
using System.Text;
using Wharf.Hosting.Kestrel.ZeroCopy;

namespace Wharf.Hosting.Kestrel.Tests;

/// <summary>
/// The output of a zero-copy connection: a response head kept aside for send(2), a body the
/// kernel already sent dropped byte for byte, and everything else passed through untouched.
/// </summary>
public sealed class SkippingPipeWriterTests
{
    private readonly Pipe _wire = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly SkippingPipeWriter _writer;

    public SkippingPipeWriterTests() => _writer = new SkippingPipeWriter(_wire.Writer);

    private async Task WriteAsync(string text, int chunk = int.MaxValue)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            var step = Math.Min(chunk, bytes.Length - at);
            bytes.AsSpan(at, step).CopyTo(_writer.GetSpan(step));
            _writer.Advance(step);
        }
        await _writer.FlushAsync();
    }

    private async Task<string> OnTheWireAsync()
    {
        await _wire.Writer.FlushAsync();
        _wire.Writer.Complete();
        var text = new StringBuilder();
        while (true)
        {
            var read = await _wire.Reader.ReadAsync();
            foreach (var segment in read.Buffer) text.Append(Encoding.ASCII.GetString(segment.Span));
            _wire.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted) return text.ToString();
        }
    }

    [Fact]
    public async Task Untouched_it_passes_everything_through()
    {
        await WriteAsync("HTTP/1.1 200 OK\r\n\r\nbody");

        Assert.Equal("HTTP/1.1 200 OK\r\n\r\nbody", await OnTheWireAsync());
    }

    [Fact]
    public async Task A_captured_head_stays_off_the_wire_and_a_flush_meanwhile_sends_nothing()
    {
        await WriteAsync("before|");
        _writer.BeginCapture();

        await WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", chunk: 7);

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", Encoding.ASCII.GetString(_writer.CapturedHead.Span));
        Assert.Equal(0, _writer.UnflushedBytes);
        _writer.PassThrough();
        Assert.Equal("before|", await OnTheWireAsync());
    }

    [Fact]
    public async Task Exactly_the_skipped_count_is_dropped_across_writes_of_any_size_then_output_flows_again()
    {
        _writer.BeginCapture();
        await WriteAsync("HEAD");
        _writer.BeginSkip(10);

        // The body Kestrel is told of in uneven pieces, and the next response in the same write as its tail.
        await WriteAsync("0123", chunk: 3);
        await WriteAsync("456789NEXT", chunk: 4);

        Assert.Equal("NEXT", await OnTheWireAsync());
    }

    [Fact]
    public async Task A_second_capture_starts_a_new_head()
    {
        _writer.BeginCapture();
        await WriteAsync("first head");
        _writer.BeginSkip(0);
        _writer.BeginCapture();
        await WriteAsync("second");

        Assert.Equal("second", Encoding.ASCII.GetString(_writer.CapturedHead.Span));
    }

    [Fact]
    public async Task Skipping_nothing_is_passing_through()
    {
        _writer.BeginSkip(0);
        await WriteAsync("next response");

        Assert.Equal("next response", await OnTheWireAsync());
    }
}
