using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Monitors.Core.Extraction;

/// <summary>
/// SHA-256 content hashes, as lowercase hex: the names of snapshots (raw bytes) and versions (canonical text,
/// hashed as UTF-8). Two versions are the same version exactly when their hashes are equal.
/// </summary>
public static class ContentHasher
{
    // Texts up to this many UTF-8 bytes are encoded on the stack; larger ones borrow a pooled buffer.
    private const int StackLimit = 1024;

    public static string Sha256Hex(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Sha256Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (maxBytes <= StackLimit)
        {
            Span<byte> small = stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(text, small);
            return Sha256Hex(small[..written]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return Sha256Hex(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
