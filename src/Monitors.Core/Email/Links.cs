using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Email;

/// <summary>Section <c>Monitors</c>: settings of the public surface (the base of every link in every email).</summary>
public sealed class PublicSiteOptions
{
    public const string Section = "Monitors";

    /// <summary>The app's public base URL: the Function app's https URL in Azure, <c>monitors serve</c>'s loopback URL locally.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>Every URL the emails and pages link to, with signed tokens where a link acts for a subscriber.</summary>
public sealed class LinkBuilder(IOptions<PublicSiteOptions> options, TokenService tokens)
{
    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    public string ChangePage(string changeId) => $"{Base}/changes/{Uri.EscapeDataString(changeId)}";

    public string Confirm(string subscriberId) => $"{Base}/api/confirm?token={Token(subscriberId, TokenPurpose.Confirm)}";

    public string Manage(string subscriberId) => $"{Base}/manage?token={Token(subscriberId, TokenPurpose.Manage)}";

    /// <summary>The one-click unsubscribe URL: a GET shows a confirmation page, a POST (RFC 8058) unsubscribes.</summary>
    public string Unsubscribe(string subscriberId) => $"{Base}/api/unsubscribe?token={Token(subscriberId, TokenPurpose.Unsubscribe)}";

    public string Api(string path) => $"{Base}/api/{path.TrimStart('/')}";

    public string ManageToken(string subscriberId) => tokens.Issue(subscriberId, TokenPurpose.Manage);

    private string Token(string subscriberId, TokenPurpose purpose) => Uri.EscapeDataString(tokens.Issue(subscriberId, purpose));
}
