using System.IO.Compression;

namespace Wharf.Www.Static;

/// <summary>gzip and Brotli for content compressed once and kept: a good ratio matters more than speed, within reason.</summary>
internal static class Compression
{
    // Brotli quality 6 of 11: smaller than gzip -9 at a few times its speed (11 is about 1 MB/s, too slow to do inline).
    private const int BrotliQuality = 6;
    private const int BrotliWindow = 22;

    public static byte[] Compress(byte[] source, ContentCoding coding)
    {
        if (coding == ContentCoding.Brotli)
        {
            var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(source.Length)];
            if (BrotliEncoder.TryCompress(source, buffer, out var written, BrotliQuality, BrotliWindow)) return buffer[..written];
            throw new IOException("Brotli compression failed");
        }
        using var output = new MemoryStream(source.Length / 3 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(source);
        return output.ToArray();
    }
}
