using Monitors.Core.Catalog;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;

namespace Monitors.Core.Checking;

/// <summary>What reading a document's pages gave: its canonical text, a 304, or why there is none.</summary>
public sealed record DocumentRead
{
    public required FetchOutcome Outcome { get; init; }

    /// <summary>
    /// The fetch whose validators (ETag, Last-Modified) serve the next conditional GET: the page's own for a single page;
    /// for a combined document a result without validators, since one ETag cannot speak for several pages.
    /// </summary>
    public required FetchResult Fetch { get; init; }

    /// <summary>The canonical text of the whole document when <see cref="Outcome"/> is <see cref="FetchOutcome.Fetched"/>.</summary>
    public string? Text { get; init; }

    public FailureKind Failure { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>The failure without the host or page (<see cref="FetchResult.Cause"/>), when the fetch says one.</summary>
    public string? FailureCause { get; init; }

    /// <summary>Every page fetched, in page order, for the snapshot archive.</summary>
    public IReadOnlyList<FetchResult> Pages { get; init; } = [];

    /// <summary>The page whose text could not be extracted, kept as evidence of what the site served.</summary>
    public FetchResult? Evidence { get; init; }
}

/// <summary>
/// Fetches and extracts a document: each of its pages in order, under the fetcher's limits and SSRF guard, then joins
/// their texts with page boundaries (<see cref="PageBoundary"/>). One failing page fails the whole document: a
/// combined document is never recorded shorter than declared.
/// </summary>
public sealed class DocumentReader(IDocumentFetcher fetcher, IDocumentExtractor extractor, PdfDocumentExtractor pdfExtractor)
{
    public async Task<DocumentRead> ReadAsync(DocumentDeclaration declaration, string? etag, DateTimeOffset? lastModified, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (!declaration.IsCombined)
        {
            var page = declaration.Pages[0];
            var fetched = await fetcher.FetchAsync(new FetchRequest(page.Fetch, etag, lastModified), cancellationToken);
            if (fetched.Outcome != FetchOutcome.Fetched)
            {
                return new DocumentRead { Outcome = fetched.Outcome, Fetch = fetched, Failure = fetched.Failure, FailureReason = fetched.FailureReason ?? (fetched.Outcome == FetchOutcome.Failed ? "fetch failed" : null), FailureCause = fetched.Cause };
            }

            var (text, kind, reason) = Extract(page, fetched);
            return text is null
                ? Failed(fetched, kind, reason!, [fetched], fetched)
                : new DocumentRead { Outcome = FetchOutcome.Fetched, Fetch = fetched, Text = text, Pages = [fetched] };
        }

        var pages = declaration.Pages;
        var fetchedPages = new List<FetchResult>(pages.Count);
        var texts = new List<(Uri Url, string Text)>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var where = $"page {i + 1} of {pages.Count} ({page.Fetch})";
            var fetched = await fetcher.FetchAsync(new FetchRequest(page.Fetch), cancellationToken);
            if (fetched.Outcome != FetchOutcome.Fetched)
            {
                // A 304 cannot happen without validators; the fetcher reports it as a transient failure if a site sends one.
                return Failed(Combined(declaration), fetched.Failure, $"{where}: {fetched.FailureReason ?? "fetch failed"}; the document is not recorded without it", fetchedPages, null)
                    with { FailureCause = fetched.Cause };
            }

            fetchedPages.Add(fetched);
            var (text, kind, reason) = Extract(page, fetched);
            if (text is null)
            {
                return Failed(Combined(declaration), kind, $"{where}: {reason}; the document is not recorded without it", fetchedPages, fetched);
            }

            texts.Add((page.Fetch, text));
        }

        return new DocumentRead { Outcome = FetchOutcome.Fetched, Fetch = Combined(declaration), Text = PageBoundary.Join(texts), Pages = fetchedPages };
    }

    private (string? Text, FailureKind Kind, string? Reason) Extract(DocumentPage page, FetchResult fetched)
    {
        if (fetched.Text is null && PdfDocumentExtractor.IsPdf(fetched.MediaType, fetched.Body.Span))
        {
            // A PDF is read whole: select and remove are CSS and have nothing to match in it.
            var pdf = pdfExtractor.Extract(fetched.Body);
            return pdf.Succeeded ? (pdf.Text, FailureKind.None, null) : (null, FailureKind.UnsupportedContent, $"PDF from {page.Fetch.Host}: {pdf.FailureReason}");
        }

        if (fetched.Text is null)
        {
            return (null, FailureKind.UnsupportedContent, $"{fetched.MediaType ?? "the response"} from {page.Fetch.Host} has no text to extract");
        }

        var extracted = extractor.Extract(fetched.Text, fetched.FinalUrl ?? page.Fetch, page.Select, page.Remove);
        return extracted.Succeeded ? (extracted.Text, FailureKind.None, null) : (null, FailureKind.StructureChanged, extracted.FailureReason);
    }

    private static DocumentRead Failed(FetchResult fetch, FailureKind kind, string reason, IReadOnlyList<FetchResult> pages, FetchResult? evidence) =>
        new() { Outcome = FetchOutcome.Failed, Fetch = fetch, Failure = kind, FailureReason = reason, Pages = pages, Evidence = evidence };

    private static FetchResult Combined(DocumentDeclaration declaration) =>
        new() { Outcome = FetchOutcome.Fetched, RequestedUrl = declaration.Fetch, FinalUrl = declaration.Fetch };
}
