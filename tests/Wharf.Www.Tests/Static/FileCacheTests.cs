using System.Text;
using Wharf.Www.Static;

namespace Wharf.Www.Tests.Static;

/// <summary>The output cache against a real folder, with the clock passed in: what it keeps, when it looks again, what it gives back.</summary>
public sealed class FileCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wharf-cache-").FullName;
    private readonly FileCache _cache = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_small_file_is_kept_with_its_bytes_and_counted()
    {
        var path = Write("a.txt", "hello");
        var version = _cache.Get(path, now: 0)!;
        Assert.Equal("hello", Encoding.UTF8.GetString(version.Bytes!));
        Assert.Equal(5, _cache.Bytes);
        Assert.Same(version, _cache.Get(path, now: 10));
        Assert.Equal(1, _cache.Count);
    }

    [Fact]
    public void A_large_file_keeps_only_its_metadata()
    {
        var path = Path.Combine(_folder, "big.bin");
        File.WriteAllBytes(path, new byte[FileCache.MaxCachedFileSize + 1]);
        var version = _cache.Get(path, now: 0)!;
        Assert.Null(version.Bytes);
        Assert.Equal(FileCache.MaxCachedFileSize + 1, version.Length);
        Assert.Equal(0, _cache.Bytes);
    }

    [Fact]
    public void A_change_is_seen_at_the_first_request_a_second_after_the_last_look()
    {
        var path = Write("a.txt", "first");
        var first = _cache.Get(path, now: 0)!;
        Write("a.txt", "second!");
        Assert.Same(first, _cache.Get(path, now: FileCache.RecheckMilliseconds - 1));
        var second = _cache.Get(path, now: FileCache.RecheckMilliseconds)!;
        Assert.Equal("second!", Encoding.UTF8.GetString(second.Bytes!));
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(7, _cache.Bytes); // the old version's bytes were given back
    }

    [Fact]
    public void A_deleted_file_is_dropped_and_its_bytes_given_back()
    {
        var path = Write("a.txt", "gone soon");
        Assert.NotNull(_cache.Get(path, now: 0));
        File.Delete(path);
        Assert.Null(_cache.Get(path, now: FileCache.RecheckMilliseconds));
        Assert.Equal(0, _cache.Bytes);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void A_folder_or_nothing_is_not_a_file()
    {
        Assert.Null(_cache.Get(_folder, now: 0));
        Assert.Null(_cache.Get(Path.Combine(_folder, "missing"), now: 0));
    }

    [Fact]
    public void A_compressed_form_is_made_once_kept_and_counted()
    {
        var path = Write("a.txt", string.Concat(Enumerable.Repeat("compress me please, ", 500)));
        var version = _cache.Get(path, now: 0)!;
        var gzip = version.Compressed(ContentCoding.Gzip, _cache)!;
        Assert.Same(gzip, version.Compressed(ContentCoding.Gzip, _cache));
        Assert.EndsWith("-gz\"", gzip.ETag);
        Assert.Equal("gzip", gzip.ContentEncoding.ToString());
        var brotli = version.Compressed(ContentCoding.Brotli, _cache)!;
        Assert.EndsWith("-br\"", brotli.ETag);
        Assert.Equal(version.Length + gzip.Bytes.Length + brotli.Bytes.Length, _cache.Bytes);

        File.Delete(path);
        Assert.Null(_cache.Get(path, now: FileCache.RecheckMilliseconds));
        Assert.Equal(0, _cache.Bytes);
    }

    [Fact]
    public void Content_that_does_not_shrink_is_not_compressed()
    {
        var random = new byte[4000];
        new Random(1).NextBytes(random);
        var path = Path.Combine(_folder, "noise.txt");
        File.WriteAllBytes(path, random);
        Assert.Null(_cache.Get(path, now: 0)!.Compressed(ContentCoding.Brotli, _cache));
    }

    [Fact]
    public void Validators_are_a_strong_ETag_from_time_and_size_and_a_whole_second_date()
    {
        var path = Write("a.txt", "abc");
        var when = new DateTime(2026, 12, 6, 12, 0, 0, 500, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, when);
        var version = _cache.Get(path, now: 0)!;
        Assert.Equal($"\"{when.Ticks:x}-3\"", version.ETag);
        Assert.Equal("Sun, 06 Dec 2026 12:00:00 GMT", version.LastModifiedHeader.ToString());
    }
}
