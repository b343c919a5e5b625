using System.Text;
using System.Text.RegularExpressions;

namespace Monitors.Core.Fetching;

/// <summary>
/// Picks the encoding of a fetched HTML page: a byte-order mark wins, then the Content-Type charset, then a
/// <c>&lt;meta&gt;</c> (or XML declaration) in the first 4 KB, else UTF-8. Labels are mapped as browsers map them
/// (WHATWG Encoding), so a page that says <c>iso-8859-1</c> decodes as windows-1252, like it does in a browser.
/// </summary>
internal static partial class DocumentCharset
{
    private const int PrescanBytes = 4096;

    static DocumentCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="body"/>; returns the text and the encoding used.</summary>
    public static (string Text, Encoding Encoding) Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var (encoding, bomLength) = FromBom(body);
        encoding ??= Resolve(headerCharset) ?? Resolve(Prescan(body)) ?? new UTF8Encoding(false);
        return (encoding.GetString(body[bomLength..]), encoding);
    }

    private static (Encoding? Encoding, int BomLength) FromBom(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (new UTF8Encoding(false), 3);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        return (null, 0);
    }

    /// <summary>The charset label declared in the first 4 KB by a meta tag or an XML declaration, if any.</summary>
    internal static string? Prescan(ReadOnlySpan<byte> body)
    {
        // Latin-1 maps every byte to one char, so offsets and ASCII markup survive whatever the real encoding is.
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, PrescanBytes)]);
        var meta = MetaCharset().Match(head);
        if (meta.Success)
            return meta.Groups["charset"].Value;
        var xml = XmlDeclarationEncoding().Match(head);
        return xml.Success ? xml.Groups["charset"].Value : null;
    }

    /// <summary>An <see cref="Encoding"/> for a charset label, or null when the label is unknown or absent.</summary>
    internal static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return null;
        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        name = name switch
        {
            // WHATWG Encoding: these labels mean windows-1252 on the web.
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252" or "x-cp1252" => "windows-1252",
            // A meta tag cannot truthfully declare UTF-16 (it was read as ASCII); browsers use UTF-8.
            "utf-16" or "utf-16le" or "utf-16be" => "utf-8",
            "utf8" => "utf-8",
            _ => name,
        };
        try
        {
            var encoding = Encoding.GetEncoding(name);
            return encoding is UTF8Encoding ? new UTF8Encoding(false) : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*(?<charset>[A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex("""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'](?<charset>[A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclarationEncoding();
}
