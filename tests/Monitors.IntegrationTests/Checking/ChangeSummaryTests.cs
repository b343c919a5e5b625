using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Changes.Summaries;
using Monitors.Core.Checking;
using Monitors.Core.Email;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;
using Monitors.Testing;

namespace Monitors.IntegrationTests.Checking;

/// <summary>
/// Every change record gets its summary when it is published, stored with it: the extractive one by default, a
/// model's (a loopback chat-completions stand-in) when one is configured and its answer passes the check.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangeSummaryTests
{
    [Fact]
    public async Task Publish_ModelConfigured_StoresTheModelSummaryWithTheRecordAndShowsItsKind()
    {
        const string written = "Clause 4.2 now gives the processor longer to act.";
        await using var model = await ChatCompletionsStandIn.StartAsync(written);

        var record = await RecordOfOneClauseChangeAsync(model);

        Assert.Equal(new ChangeSummary(written, SummaryKind.Model), record.Summary);
        Assert.Single(model.Requests);
        Assert.Contains("4 › 4.2", Assert.Single(model.Requests).Body, StringComparison.Ordinal);
        // Emails, the record's page and the feeds' index entry all say which kind of summary it is.
        Assert.Contains($"Summary written by a model from the clause changes below: {written}", EmailComposer.Summary(record), StringComparison.Ordinal);
        Assert.Contains("Summary written by a model from the clause changes below:</strong> " + written, new EmailTemplates().RenderHtml("change-record", ChangeRecordView.From(record)), StringComparison.Ordinal);
        Assert.StartsWith("Summary written by a model", SiteReadModels.Entry(record).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ModelNamesANumberTheChangesLack_StoresTheExtractiveSummary()
    {
        await using var model = await ChatCompletionsStandIn.StartAsync("Clause 4.2 now gives the processor 45 days.");

        var record = await RecordOfOneClauseChangeAsync(model);

        Assert.Equal(SummaryKind.Extractive, record.Summary!.Kind);
        Assert.StartsWith("4 › 4.2: ", record.Summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("45", record.Summary.Text, StringComparison.Ordinal);
        Assert.Contains("Summary: the changed clauses' key sentences, quoted: 4 › 4.2", EmailComposer.Summary(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_NoModel_StoresTheExtractiveSummary()
    {
        var record = await RecordOfOneClauseChangeAsync(model: null);

        Assert.Equal(ExtractiveChangeSummarizer.Summarize(record with { Summary = null }), record.Summary);
    }

    /// <summary>Checks a PDF DPA, then its next version where clause 4.2 changed, and reads the stored change record.</summary>
    private static async Task<ChangeRecord> RecordOfOneClauseChangeAsync(ChatCompletionsStandIn? model)
    {
        await using var site = await TestSite.StartAsync();
        var pdf = Pages.Pdf("dpa-v1.pdf");
        site.Serve("/legal/dpa.pdf", async context =>
        {
            context.Response.ContentType = "application/pdf";
            await context.Response.Body.WriteAsync(pdf);
        });
        var settings = model is null ? null : new Dictionary<string, string?>
        {
            ["Monitors:Summaries:Endpoint"] = model.BaseAddress.ToString(),
            ["Monitors:Summaries:ApiKey"] = "test-key",
            ["Monitors:Summaries:Deployment"] = "summaries",
        };
        var dpa = PipelineHarness.Document("dpa", site.Url("/legal/dpa.pdf"), PipelineHarness.NoConfirmation, select: "body");
        await using var harness = await PipelineHarness.CreateAsync([dpa], settings);
        var first = await harness.CheckAsync("dpa");
        pdf = Pages.Pdf("dpa-v2.pdf");
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var second = await harness.CheckAsync("dpa");

        Assert.Equal(CheckOutcome.FirstSeen, first.Outcome);
        Assert.True(second.Outcome == CheckOutcome.Changed, second.Detail);
        return (await harness.Services.GetRequiredService<IChangeStore>().GetAsync(second.ChangeId!))!;
    }
}
