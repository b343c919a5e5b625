using System.Globalization;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Monitors.Core.Extraction;

/// <summary>
/// Turns a PDF's text layer (PdfPig) into the same canonical text as an HTML page (docs/design.md, "Canonical text"):
/// text blocks in reading order, one paragraph per block or clause, headings recognised by their size or weight
/// (<c># …</c>), bullets as <c>- …</c>, numbered clauses kept as written so the structure parser nests them.
/// Running headers, running footers and page numbers are left out, and a paragraph that runs over a page break is
/// joined again, so neither page layout nor a new print date makes a new version. A PDF without a text layer (a
/// scan) is a failure, never an empty version.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service; instance members keep it replaceable.")]
public sealed partial class PdfDocumentExtractor
{
    /// <summary>Share of the page height, at the top and at the bottom, where running headers and footers live.</summary>
    private const double MarginShare = 0.09;

    /// <summary>A line at least this much larger than the body text is a heading.</summary>
    private const double HeadingScale = 1.15;

    private const int MaxHeadingWords = 20;

    /// <summary>True for a response declared as PDF, or whose bytes start like one (<c>%PDF-</c>).</summary>
    public static bool IsPdf(string? mediaType, ReadOnlySpan<byte> body) =>
        string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase) || body.StartsWith("%PDF-"u8);

    /// <summary>Extracts the canonical text of <paramref name="pdf"/>, or says why there is none.</summary>
    public PdfExtractionResult Extract(ReadOnlyMemory<byte> pdf)
    {
        List<PageLines> pages;
        try
        {
            using var document = PdfDocument.Open(pdf.ToArray());
            pages = [.. document.GetPages().Select(ReadPage)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig throws its own exception types for damaged, encrypted or unsupported files; all mean "cannot read".
            return PdfExtractionResult.Failure($"the PDF could not be read ({e.GetType().Name}: {e.Message}); check that the URL serves an unencrypted PDF", 0);
        }

        if (pages.Count == 0 || pages.All(p => p.Lines.Count == 0))
        {
            return PdfExtractionResult.Failure(
                $"the PDF has no text layer ({pages.Count} page(s) of images only, e.g. a scan); Monitors reads the text of a PDF, not its pictures: declare an HTML version or a PDF with selectable text",
                pages.Count);
        }

        RemoveRunningLines(pages);
        var paragraphs = Paragraphs(pages);
        var text = Write(paragraphs);
        return text is null
            ? PdfExtractionResult.Failure("the PDF holds only running headers, footers and page numbers", pages.Count)
            : PdfExtractionResult.Success(text, pages.Count);
    }

    private sealed record Line(string Text, double Top, double Bottom, double Left, double Size, bool Bold, int Block);

    private sealed record PageLines(int Number, double Height, List<Line> Lines);

    private sealed class Paragraph(Line first)
    {
        public List<Line> Lines { get; } = [first];
        public double Size => Lines[0].Size;
        public bool Bold => Lines.All(l => l.Bold);
        public string Text => JoinLines(Lines);
    }

    private static PageLines ReadPage(Page page)
    {
        // PdfPig's default word extractor keeps the content stream's order, which is the order the producer laid the
        // text out in (column by column for a multi-column page); the layout-analysis extractors cost ~20× more.
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        var lines = new List<Line>();
        var current = new List<Word>();
        var block = 0;
        foreach (var word in words)
        {
            if (current.Count > 0 && !SameLine(current[^1], word))
            {
                lines.Add(ToLine(current, block));
                if (lines.Count > 1 && Math.Abs(lines[^1].Bottom - lines[^2].Bottom) > page.Height / 4)
                {
                    block++; // a jump up or down the page: another column or a floating block
                }

                current.Clear();
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            lines.Add(ToLine(current, block));
        }

        return new PageLines(page.Number, page.Height, lines);
    }

    /// <summary>Two words are on one line when their baselines are within a third of the smaller one's height.</summary>
    private static bool SameLine(Word previous, Word next)
    {
        var height = Math.Min(previous.BoundingBox.Height, next.BoundingBox.Height);
        return Math.Abs(previous.BoundingBox.Bottom - next.BoundingBox.Bottom) <= Math.Max(1, height / 3)
            && next.BoundingBox.Left >= previous.BoundingBox.Left - 1;
    }

    private static Line ToLine(List<Word> words, int block)
    {
        var letters = words.SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        return new Line(
            Unligature(string.Join(' ', words.Select(w => w.Text))),
            words.Max(w => w.BoundingBox.Top),
            words.Min(w => w.BoundingBox.Bottom),
            words.Min(w => w.BoundingBox.Left),
            letters.Count == 0 ? 0 : Math.Round(Median(letters.Select(SizeOf)) * 2, MidpointRounding.AwayFromZero) / 2,
            // Bold only when the whole line is: a clause with a few bold defined terms is body text.
            letters.Count > 0 && letters.Count(IsBold) >= letters.Count * 0.9,
            block);
    }

    /// <summary>The letter's size on the page: the font size scaled by the text matrix (PdfPig's <c>PointSize</c>), else its box height.</summary>
    private static double SizeOf(Letter letter) => letter.PointSize > 1 ? letter.PointSize : letter.BoundingBox.Height;

    private static bool IsBold(Letter letter) =>
        letter.FontDetails?.IsBold == true
        || (letter.FontName ?? "").Contains("bold", StringComparison.OrdinalIgnoreCase)
        || (letter.FontName ?? "").Contains("black", StringComparison.OrdinalIgnoreCase)
        || (letter.FontName ?? "").Contains("heavy", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Leaves out lines in the top or bottom margin that repeat on most pages once digits are ignored (a title, a
    /// date, "Page 3 of 9", a URL) and lines there that are only a page number.
    /// </summary>
    private static void RemoveRunningLines(List<PageLines> pages)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            foreach (var key in page.Lines.Where(l => InMargin(l, page)).Select(l => RunningKey(l.Text)).Distinct(StringComparer.Ordinal))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var threshold = Math.Max(2, (pages.Count + 1) / 2);
        foreach (var page in pages)
        {
            page.Lines.RemoveAll(l => InMargin(l, page) && (PageNumberRegex().IsMatch(l.Text.Trim()) || counts.GetValueOrDefault(RunningKey(l.Text)) >= threshold));
        }
    }

    private static bool InMargin(Line line, PageLines page) =>
        line.Bottom >= page.Height * (1 - MarginShare) || line.Top <= page.Height * MarginShare;

    private static string RunningKey(string text) => DigitsRegex().Replace(text.Trim().ToLowerInvariant(), "#");

    private static List<Paragraph> Paragraphs(List<PageLines> pages)
    {
        var pitch = LinePitch(pages);
        var paragraphs = new List<Paragraph>();
        Paragraph? open = null;
        foreach (var page in pages)
        {
            Line? previous = null;
            foreach (var line in page.Lines)
            {
                if (open is not null && Continues(open, previous, line, pitch))
                {
                    open.Lines.Add(line);
                }
                else
                {
                    open = new Paragraph(line);
                    paragraphs.Add(open);
                }

                previous = line;
            }
        }

        return paragraphs;
    }

    /// <summary>Whether <paramref name="line"/> continues the open paragraph (<paramref name="previous"/> is null at the top of a page).</summary>
    private static bool Continues(Paragraph open, Line? previous, Line line, double pitch)
    {
        var last = open.Lines[^1];
        // A bold line above body text is a run-in heading; a bold last line of a clause ("…replaced with "Switzerland".") is not.
        if (Math.Abs(line.Size - last.Size) > 0.5 || (open.Bold && !line.Bold))
        {
            return false;
        }

        // "(15) days" wrapped onto a new line is not a clause; "(a) …" after "…; and" or a full stop is.
        if (StartsItem(line.Text) && (EndsSentence(last.Text) || EndsListLeadIn(last.Text)))
        {
            return false;
        }

        if (previous is null)
        {
            // Over a page break: a sentence that has not ended goes on, anything else starts afresh.
            return !EndsSentence(last.Text);
        }

        if (line.Block != previous.Block && EndsSentence(previous.Text))
        {
            return false;
        }

        // A wider gap than the usual line pitch is a paragraph break.
        var gap = previous.Bottom - line.Bottom;
        return gap > 0 && gap <= pitch * 1.35;
    }

    private static bool IsHeading(Paragraph paragraph, double body)
    {
        var words = paragraph.Lines.Sum(l => l.Text.Split(' ').Length);
        if (words > MaxHeadingWords)
        {
            return false;
        }

        return paragraph.Size >= body * HeadingScale || (paragraph.Bold && words <= 15 && !EndsSentence(paragraph.Lines[^1].Text));
    }

    private static string? Write(List<Paragraph> paragraphs)
    {
        var body = BodySize(paragraphs.SelectMany(p => p.Lines).ToList());

        // Heading levels by size: the largest heading size is "#", the next "##", …; bold body-size headings come last.
        var sizes = paragraphs.Where(p => IsHeading(p, body) && p.Size >= body * HeadingScale).Select(p => p.Size).Distinct().OrderDescending().ToList();
        var builder = new CanonicalTextBuilder();
        foreach (var paragraph in paragraphs)
        {
            var text = paragraph.Text;
            var prefix = "";
            if (IsHeading(paragraph, body))
            {
                var rank = paragraph.Size >= body * HeadingScale ? sizes.IndexOf(paragraph.Size) : sizes.Count;
                prefix = new string('#', Math.Clamp(rank + 1, 1, 6)) + " ";
            }
            else if (BulletRegex().Match(text) is { Success: true } bullet)
            {
                prefix = "- ";
                text = text[bullet.Length..];
            }

            builder.BreakLine(prefix, 0);
            builder.AppendText(text);
        }

        return builder.Complete();
    }

    /// <summary>Joins a paragraph's lines with spaces; a word hyphenated at the end of a line is joined again.</summary>
    private static string JoinLines(List<Line> lines)
    {
        var text = lines[0].Text.Trim();
        for (var i = 1; i < lines.Count; i++)
        {
            var next = lines[i].Text.Trim();
            // A line that ends in a hyphen after a letter broke a hyphenated word ("industry-" / "accepted"): joined with
            // the hyphen kept, since browsers and word processors break at real hyphens and rarely add their own.
            text = text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && next.Length > 0 && char.IsLower(next[0])
                ? text + next
                : text + " " + next;
        }

        return text;
    }

    /// <summary>Fonts set "fi", "ff", "ffi" … as one glyph (U+FB00–U+FB06); an HTML page has the letters, and so must the version.</summary>
    private static string Unligature(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\uFB00' and <= '\uFB06')
            {
                return LigatureRegex().Replace(text, m => m.Value.Normalize(System.Text.NormalizationForm.FormKC));
            }
        }

        return text;
    }

    private static bool EndsSentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length > 0 && trimmed[^1] is '.' or ':' or ';' or '!' or '?';
    }

    private static bool EndsListLeadIn(string text) =>
        text.EndsWith(" and", StringComparison.OrdinalIgnoreCase) || text.EndsWith(" or", StringComparison.OrdinalIgnoreCase) || text.EndsWith(',');

    /// <summary>A line that opens a clause or list item of its own: "4.2 …", "12. …", "(a) …", "(iv) …", "• …".</summary>
    private static bool StartsItem(string text) => ItemRegex().IsMatch(text) || BulletRegex().IsMatch(text);

    /// <summary>The body text size: the size most characters are set in.</summary>
    private static double BodySize(List<Line> lines) =>
        lines.Count == 0 ? 0 : lines.GroupBy(l => l.Size).OrderByDescending(g => g.Sum(l => l.Text.Length)).First().Key;

    /// <summary>The usual distance between the baselines of consecutive body lines of one block.</summary>
    private static double LinePitch(List<PageLines> pages)
    {
        var gaps = new List<double>();
        foreach (var page in pages)
        {
            for (var i = 1; i < page.Lines.Count; i++)
            {
                var gap = page.Lines[i - 1].Bottom - page.Lines[i].Bottom;
                if (page.Lines[i].Block == page.Lines[i - 1].Block && gap > 0)
                {
                    gaps.Add(gap);
                }
            }
        }

        return gaps.Count == 0 ? double.MaxValue : Median(gaps);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    [GeneratedRegex(@"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberRegex();

    [GeneratedRegex("[\uFB00-\uFB06]")]
    private static partial Regex LigatureRegex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)|(?:article|section|clause)\s+\d+[.:]?)\s", RegexOptions.IgnoreCase)]
    private static partial Regex ItemRegex();

    [GeneratedRegex(@"^[•◦▪●‣∙·–]\s+")]
    private static partial Regex BulletRegex();
}

/// <summary>The canonical text of a PDF, or why there is none, with its page count (for per-page timings).</summary>
public sealed record PdfExtractionResult(string? Text, string? FailureReason, int Pages)
{
    public bool Succeeded => Text is not null;

    public static PdfExtractionResult Success(string text, int pages) => new(text, null, pages);

    public static PdfExtractionResult Failure(string reason, int pages) => new(null, reason, pages);
}
