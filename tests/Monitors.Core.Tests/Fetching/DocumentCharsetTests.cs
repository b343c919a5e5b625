using System.Text;
using Monitors.Core.Fetching;

namespace Monitors.Core.Tests.Fetching;

public sealed class DocumentCharsetTests
{
    [Theory]
    [InlineData("iso-8859-1", "windows-1252")]
    [InlineData("US-ASCII", "windows-1252")]
    [InlineData("latin1", "windows-1252")]
    [InlineData("windows-1252", "windows-1252")]
    [InlineData("\"utf-8\"", "utf-8")]
    [InlineData("UTF8", "utf-8")]
    [InlineData("utf-16", "utf-8")]
    [InlineData("shift_jis", "shift_jis")]
    [InlineData("koi8-r", "koi8-r")]
    public void Resolve_MapsLabelsLikeBrowsers(string label, string expected) =>
        Assert.Equal(expected, DocumentCharset.Resolve(label)?.WebName);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-such-charset")]
    public void Resolve_UnknownLabel_IsNull(string? label) => Assert.Null(DocumentCharset.Resolve(label));

    [Theory]
    [InlineData("<html><head><meta charset=utf-8></head>", "utf-8")]
    [InlineData("<html><head><meta name=viewport content=x><meta charset='Shift_JIS'>", "Shift_JIS")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">", "koi8-r")]
    [InlineData("<?xml version=\"1.0\" encoding=\"windows-1250\"?><html>", "windows-1250")]
    [InlineData("<html><head><title>charset=utf-8</title></head>", null)]
    public void Prescan_FindsDeclaredCharset(string head, string? expected) =>
        Assert.Equal(expected, DocumentCharset.Prescan(Encoding.ASCII.GetBytes(head)));

    [Fact]
    public void Prescan_LooksOnlyAtFirst4KB()
    {
        var late = Encoding.ASCII.GetBytes("<html><head>" + new string(' ', 4096) + "<meta charset=windows-1252></head>");

        Assert.Null(DocumentCharset.Prescan(late));
    }

    [Fact]
    public void Decode_UnknownHeaderCharset_FallsBackToMeta()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var body = Encoding.GetEncoding("windows-1252").GetBytes("<meta charset=windows-1252><p>na\u00EFve</p>");

        var (text, encoding) = DocumentCharset.Decode(body, "x-unknown");

        Assert.Equal("windows-1252", encoding.WebName);
        Assert.EndsWith("<p>na\u00EFve</p>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Utf16Bom_WinsAndIsStripped()
    {
        var body = new UnicodeEncoding(bigEndian: false, byteOrderMark: true).GetPreamble()
            .Concat(Encoding.Unicode.GetBytes("<p>\u00E9</p>")).ToArray();

        var (text, encoding) = DocumentCharset.Decode(body, "windows-1252");

        Assert.Equal("utf-16", encoding.WebName);
        Assert.Equal("<p>\u00E9</p>", text);
    }
}
