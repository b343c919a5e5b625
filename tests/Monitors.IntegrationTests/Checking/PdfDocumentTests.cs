using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;
using Monitors.Testing;

namespace Monitors.IntegrationTests.Checking;

/// <summary>A data processing addendum published as a PDF, served by a loopback site, checked through the real pipeline on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PdfDocumentTests
{
    private static void ServePdf(TestSite site, string path, byte[] pdf) => site.Serve(path, async context =>
    {
        context.Response.ContentType = "application/pdf";
        await context.Response.Body.WriteAsync(pdf);
    });

    private static DocumentDeclaration Dpa(TestSite site) =>
        PipelineHarness.Document("dpa", site.Url("/legal/dpa.pdf"), PipelineHarness.NoConfirmation, select: "body") with { TermsType = "Data Processor Agreement" };

    [Fact]
    public async Task Check_PdfWithNumberedClauses_OneClauseChanged_RecordsAClauseLevelChange()
    {
        await using var site = await TestSite.StartAsync();
        ServePdf(site, "/legal/dpa.pdf", Pages.Pdf("dpa-v1.pdf"));
        await using var harness = await PipelineHarness.CreateAsync([Dpa(site)]);
        var first = await harness.CheckAsync("dpa");

        ServePdf(site, "/legal/dpa.pdf", Pages.Pdf("dpa-v2.pdf"));
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var second = await harness.CheckAsync("dpa");

        Assert.Equal(CheckOutcome.FirstSeen, first.Outcome);
        Assert.Equal(CheckOutcome.Changed, second.Outcome);
        var record = (await harness.Services.GetRequiredService<IChangeStore>().GetAsync(second.ChangeId!))!;
        var change = Assert.Single(record.Changes);
        Assert.Equal("4 › 4.2", change.Path);
        Assert.Contains("ten days", change.Before, StringComparison.Ordinal);
        Assert.Contains("thirty days", change.After, StringComparison.Ordinal);
        var text = await harness.Services.GetRequiredService<IArchive>().GetVersionAsync(new DocumentKey(harness.Platform.Id, "dpa"), first.VersionId!);
        Assert.StartsWith("# Example Cloud Data Processing Addendum", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PdfServedAsOctetStreamWithSelectBody_IsReadByThePdfExtractor()
    {
        // As imported from OTA (select: body) and served the way storage buckets serve files.
        await using var site = await TestSite.StartAsync();
        site.Serve("/legal/dpa.pdf", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(Pages.Pdf("dpa-v1.pdf"));
        });
        await using var harness = await PipelineHarness.CreateAsync([Dpa(site)]);

        var first = await harness.CheckAsync("dpa");

        Assert.True(first.Outcome == CheckOutcome.FirstSeen, first.Detail);
        var text = await harness.Services.GetRequiredService<IArchive>().GetVersionAsync(new DocumentKey(harness.Platform.Id, "dpa"), first.VersionId!);
        Assert.StartsWith("# Example Cloud Data Processing Addendum", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SamePdfPrintedAgain_IsUnchanged()
    {
        await using var site = await TestSite.StartAsync();
        ServePdf(site, "/legal/dpa.pdf", Pages.Pdf("dpa-v1.pdf"));
        await using var harness = await PipelineHarness.CreateAsync([Dpa(site)]);

        var first = await harness.CheckAsync("dpa");
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var second = await harness.CheckAsync("dpa");

        Assert.Equal(CheckOutcome.FirstSeen, first.Outcome);
        Assert.Equal(CheckOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.VersionId, second.VersionId);
    }

    [Fact]
    public async Task Check_ScannedPdfWithoutText_FailsWithNoTextLayerAndRecordsNoVersion()
    {
        await using var site = await TestSite.StartAsync();
        ServePdf(site, "/legal/dpa.pdf", Pages.Pdf("scanned.pdf"));
        await using var harness = await PipelineHarness.CreateAsync([Dpa(site)]);

        var result = await harness.CheckAsync("dpa");

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.UnsupportedContent, result.Failure);
        Assert.Contains("no text layer", result.Detail, StringComparison.Ordinal);
        var state = await harness.Services.GetRequiredService<IDocumentStateStore>().GetAsync(new DocumentKey(harness.Platform.Id, "dpa"));
        Assert.Null(state!.CurrentVersionId);
        Assert.Contains("no text layer", state.LastFailureReason, StringComparison.Ordinal);
    }
}
