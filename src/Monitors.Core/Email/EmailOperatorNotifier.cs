using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Storage;

namespace Monitors.Core.Email;

/// <summary>Emails the configured operator address once when a document needs attention and once when tracking resumes.</summary>
public sealed partial class EmailOperatorNotifier(IEmailSender sender, IOptions<EmailOptions> options, ILogger<EmailOperatorNotifier> logger) : IOperatorNotifier
{
    public Task NeedsAttentionAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default)
    {
        LogNeedsAttention(logger, state.Document.ToString(), state.AttentionReason ?? string.Empty);
        return SendAsync(
            $"Needs attention: {platform.Name} — {document.Title}",
            $"Tracking of {platform.Name} — {document.Title} ({document.Fetch}) has failed {state.FailureStreak} times in a row.\n\nLast failure: {state.LastFailureKind}: {state.LastFailureReason}\n\nNo version or change is recorded while it fails. Check the page and its declaration (catalog/{platform.Id}.json); `monitors status` lists every document that needs attention.",
            $"attention-{platform.Id}-{document.Id}-{state.LastFailureAt:yyyyMMddHHmmss}",
            cancellationToken);
    }

    public Task TrackingResumedAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default)
    {
        LogTrackingResumed(logger, state.Document.ToString());
        return SendAsync(
            $"Tracking resumed: {platform.Name} — {document.Title}",
            $"{platform.Name} — {document.Title} ({document.Fetch}) was checked successfully again. Outcome: {state.LastOutcome}.",
            $"resumed-{platform.Id}-{document.Id}-{state.LastSuccessAt:yyyyMMddHHmmss}",
            cancellationToken);
    }

    private Task SendAsync(string subject, string text, string key, CancellationToken cancellationToken)
    {
        var to = options.Value.OperatorAddress;
        if (string.IsNullOrWhiteSpace(to))
        {
            return Task.CompletedTask;
        }

        var html = $"<!doctype html><html><body><p>{WebUtility.HtmlEncode(text).Replace("\n\n", "</p><p>", StringComparison.Ordinal)}</p></body></html>";
        return sender.SendAsync(new EmailMessage(to, subject, text, html) { Key = key }, cancellationToken);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "{Document} needs attention: {Reason}")]
    private static partial void LogNeedsAttention(ILogger logger, string document, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Tracking of {Document} resumed")]
    private static partial void LogTrackingResumed(ILogger logger, string document);
}
