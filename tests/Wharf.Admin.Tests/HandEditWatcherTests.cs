using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Admin.HandEdits;

namespace Wharf.Admin.Tests;

/// <summary>The watcher on config/wharf.json calls back after each save, whichever way an editor saves.</summary>
public sealed class HandEditWatcherTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-watch-").FullName;
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();
    private HandEditWatcher _watcher = null!;
    private int _failNext;

    private string ConfigFile => Path.Combine(_folder, "wharf.json");

    public Task InitializeAsync()
    {
        File.WriteAllText(ConfigFile, "{}");
        _watcher = new HandEditWatcher(ConfigFile, OnChangedAsync, NullLogger.Instance);
        return Task.CompletedTask;
    }

    private Task OnChangedAsync(CancellationToken cancellationToken)
    {
        _calls.Writer.TryWrite(File.ReadAllText(ConfigFile));
        if (Interlocked.Decrement(ref _failNext) >= 0) throw new IOException("the store could not be written");
        return Task.CompletedTask;
    }

    /// <summary>Waits until a callback read <paramref name="expected"/> from the file.</summary>
    private async Task SeenAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await _calls.Reader.ReadAsync(timeout.Token) != expected) { }
    }

    [Fact]
    public async Task A_save_in_place_is_seen()
    {
        await File.WriteAllTextAsync(ConfigFile, "{\"saved\":\"in place\"}");

        await SeenAsync("{\"saved\":\"in place\"}");
    }

    [Fact]
    public async Task A_copy_renamed_over_the_file_is_seen()
    {
        var copy = Path.Combine(_folder, "wharf.json.tmp");
        await File.WriteAllTextAsync(copy, "{\"saved\":\"by rename\"}");

        File.Move(copy, ConfigFile, overwrite: true);

        await SeenAsync("{\"saved\":\"by rename\"}");
    }

    [Fact]
    public async Task A_callback_that_throws_does_not_stop_the_watching()
    {
        _failNext = 1;
        await File.WriteAllTextAsync(ConfigFile, "{\"first\":1}");
        await SeenAsync("{\"first\":1}");

        await File.WriteAllTextAsync(ConfigFile, "{\"second\":2}");

        await SeenAsync("{\"second\":2}");
    }

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
