using Monitors.Core.Api;
using Monitors.Core.Catalog;
using Monitors.Core.Changes.Filters;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Site;

/// <summary>
/// The subscription pages as forms, for people who never call an API: sign up (email, tier, platforms), manage (follow,
/// narrow a follow by topic or section picked from lists of valid ids, unfollow, preferences), unsubscribe. The same
/// <see cref="SubscriptionService"/> as the API does the work, so tier limits and double opt-in are the same; a value
/// that is not on the lists offered (an unknown topic or section) is refused with a message and nothing is stored.
/// Antiforgery is checked by the HTTP layer before any of these runs; each page gets its token as <see cref="HiddenView"/>.
/// </summary>
public sealed class SiteForms(
    SubscriptionService service,
    TokenService tokens,
    LinkBuilder links,
    PlatformCatalog catalog,
    TopicTaxonomy taxonomy,
    SitePages pages,
    EmailTemplates templates)
{
    public ApiResponse SubscribePage(ApiRequest request, HiddenView? antiforgery) =>
        SubscribeForm(antiforgery, string.Empty, "free", request.QueryValue("platform") is { } p ? [p] : [], null, 200);

    public async Task<ApiResponse> SubscribeAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default)
    {
        var form = FormFields.Parse(request.Body);
        var email = form.One("email") ?? string.Empty;
        var tier = (form.One("tier") ?? "free").Trim().ToLowerInvariant();
        var platforms = form.All("platform");
        try
        {
            var unknown = platforms.FirstOrDefault(p => catalog.Find(p) is null);
            if (unknown is not null)
            {
                throw new InvalidSubscriptionRequestException("platform", $"There is no platform '{unknown}'; tick platforms from the list.");
            }

            if (tier != "free")
            {
                throw new InvalidSubscriptionRequestException("tier", tier == "monitor"
                    ? $"The Monitor tier ({TierRules.MaxPlatforms(Tier.Monitor)} platforms, same-day alerts) is switched on by an operator after sign-up: sign up on the Free tier first, then ask us to upgrade you."
                    : $"'{tier}' is not a tier; choose Free or Monitor.");
            }

            await service.SignUpAsync(email, platforms, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is InvalidSubscriptionRequestException or TierLimitException or UnknownPlatformException)
        {
            return SubscribeForm(antiforgery, email, tier, platforms, e.Message, e is TierLimitException ? 409 : 400);
        }

        // The same answer whether or not the address was known, so the form does not tell who subscribes.
        return ApiResponse.Page(202, templates.RenderHtml("page", new PageView(
            "Check your inbox",
            "Check your inbox",
            [
                $"If {email.Trim()} can receive mail, a confirmation email is on its way. Your subscription starts when you follow the link in it.",
                "The link is valid for a few days. Nothing is sent to the address until it is confirmed.",
            ],
            [new LinkView("Back to the platforms", "/platforms")])));
    }

    public async Task<ApiResponse> ManagePageAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default)
    {
        var token = request.QueryValue("token");
        var subscriberId = tokens.Validate(token, TokenPurpose.Manage);
        var notice = request.QueryValue("done") switch
        {
            "followed" => "Saved: you follow that platform as shown below.",
            "unfollowed" => "Saved: you no longer follow that platform.",
            "preferences" => "Saved: your email preferences are updated.",
            _ => null,
        };
        return await ManageAsync(subscriberId, token!, antiforgery, null, notice, 200, cancellationToken);
    }

    /// <summary>POST /manage/follow: follow a platform, or change how a followed platform is narrowed.</summary>
    public Task<ApiResponse> FollowAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default) =>
        ActAsync(request, antiforgery, "followed", async (subscriberId, form) =>
        {
            var platformId = form.One("platform") ?? string.Empty;
            var platform = catalog.Find(platformId) ?? throw new InvalidSubscriptionRequestException("platform", $"There is no platform '{platformId}'; pick one from the list.");
            var topics = form.All("topic");
            var unknownTopic = topics.FirstOrDefault(t => taxonomy.Find(t) is null);
            if (unknownTopic is not null)
            {
                throw new InvalidSubscriptionRequestException("topic", $"There is no topic '{unknownTopic}'; tick topics from the list. Nothing was changed.");
            }

            var section = form.One("section");
            if (!string.IsNullOrWhiteSpace(section))
            {
                var sections = await pages.SectionsAsync(platform, cancellationToken);
                if (!sections.Any(s => s.Path == section))
                {
                    throw new InvalidSubscriptionRequestException("section", $"{platform.Name} has no section '{section}' in its current documents; pick one from the list. Nothing was changed.");
                }
            }

            await service.FollowAsync(subscriberId, platform.Id, SubscriptionFilters.Create(topics, section), cancellationToken);
        }, cancellationToken);

    /// <summary>POST /manage/unfollow.</summary>
    public Task<ApiResponse> UnfollowAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default) =>
        ActAsync(request, antiforgery, "unfollowed", (subscriberId, form) =>
            service.UnfollowAsync(subscriberId, form.One("platform") ?? string.Empty, cancellationToken), cancellationToken);

    /// <summary>POST /manage/preferences: unticked boxes are not sent, so absent means off.</summary>
    public Task<ApiResponse> PreferencesAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default) =>
        ActAsync(request, antiforgery, "preferences", async (subscriberId, form) =>
        {
            var subscriber = await service.GetAsync(subscriberId, cancellationToken);
            bool? alerts = TierRules.HasSameDayAlerts(subscriber.Tier) ? form.One("alerts") == "on" : null;
            await service.UpdatePreferencesAsync(subscriberId, alerts, form.One("digest") == "on", cancellationToken);
        }, cancellationToken);

    private async Task<ApiResponse> ActAsync(ApiRequest request, HiddenView? antiforgery, string done, Func<string, FormFields, Task> action, CancellationToken cancellationToken)
    {
        var form = FormFields.Parse(request.Body);
        var token = form.One("token");
        var subscriberId = tokens.Validate(token, TokenPurpose.Manage);
        try
        {
            await action(subscriberId, form);
        }
        catch (Exception e) when (e is InvalidSubscriptionRequestException or TierLimitException or TierFeatureException or UnknownPlatformException)
        {
            return await ManageAsync(subscriberId, token!, antiforgery, e.Message, null, e is InvalidSubscriptionRequestException ? 400 : 409, cancellationToken);
        }

        // Post/redirect/get: a reload does not send the form again.
        return new ApiResponse(303, ApiResponse.Html, string.Empty, new Dictionary<string, string>
        {
            ["Location"] = $"/manage?token={Uri.EscapeDataString(token!)}&done={done}",
            ["Cache-Control"] = "no-store",
        });
    }

    private async Task<ApiResponse> ManageAsync(string subscriberId, string token, HiddenView? antiforgery, string? error, string? notice, int status, CancellationToken cancellationToken)
    {
        var subscriber = await service.GetAsync(subscriberId, cancellationToken);
        var follows = await service.ListSubscriptionsAsync(subscriberId, cancellationToken);
        var followViews = new List<FollowView>();
        foreach (var follow in follows)
        {
            var platform = catalog.Find(follow.PlatformId);
            var sections = platform is null ? [] : await pages.SectionsAsync(platform, cancellationToken);
            var chosen = follow.Filter?.TopicIds ?? [];
            followViews.Add(new FollowView(
                follow.PlatformId,
                platform?.Name ?? follow.PlatformId,
                SiteUrls.Platform(follow.PlatformId),
                Describe(follow.Filter),
                taxonomy.Topics.Select(t => new OptionView(t.Id, t.Name, chosen.Contains(t.Id, StringComparer.OrdinalIgnoreCase))).ToArray(),
                [new OptionView(string.Empty, "Every section", follow.Filter?.SectionPath is null),
                 .. sections.DistinctBy(s => s.Path).Take(300).Select(s => new OptionView(s.Path, $"{s.DocumentTitle}: {SitePages.Excerpt(s.Breadcrumb is { Length: > 0 } b ? $"{b} › {SitePages.Label(s)}" : SitePages.Label(s), 110)}", s.Path == follow.Filter?.SectionPath))]));
        }

        var view = new ManageView(
            "Your subscription",
            [],
            subscriber.Email,
            TierRules.Describe(subscriber.Tier),
            subscriber.Confirmed ? "yes" : "not yet: follow the link in the confirmation email",
            TierRules.MaxPlatforms(subscriber.Tier),
            token,
            followViews,
            catalog.Platforms.Where(p => !subscriber.Follows(p.Id)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => new OptionView(p.Id, p.Name, false)).ToArray(),
            subscriber.Preferences.SameDayAlerts,
            TierRules.HasSameDayAlerts(subscriber.Tier),
            subscriber.Preferences.WeeklyDigest,
            error,
            notice,
            antiforgery,
            links.Unsubscribe(subscriber.Id));
        return ApiResponse.Page(status, templates.RenderHtml("site-manage", view));
    }

    private string Describe(ProvisionFilter? filter)
    {
        if (filter is null)
        {
            return "every change";
        }

        var parts = new List<string>();
        if (filter.TopicIds.Count > 0)
        {
            parts.Add("topics: " + string.Join(", ", filter.TopicIds.Select(t => taxonomy.Find(t)?.Name ?? t)));
        }

        if (filter.SectionPath is { } section)
        {
            parts.Add("section " + section);
        }

        return "only " + string.Join("; ", parts);
    }

    private ApiResponse SubscribeForm(HiddenView? antiforgery, string email, string tier, IReadOnlyList<string> chosen, string? error, int status)
    {
        var view = new SubscribeView(
            "Subscribe",
            [],
            email,
            catalog.Platforms.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => new OptionView(p.Id, p.Name, chosen.Contains(p.Id, StringComparer.Ordinal))).ToArray(),
            [new OptionView("free", $"Free: follow {TierRules.MaxPlatforms(Tier.Free)} platform, weekly digest", tier != "monitor"),
             new OptionView("monitor", $"Monitor: up to {TierRules.MaxPlatforms(Tier.Monitor)} platforms, same-day alerts and the digest (switched on by an operator after sign-up)", tier == "monitor")],
            error,
            antiforgery,
            TierRules.MaxPlatforms(Tier.Monitor));
        return ApiResponse.Page(status, templates.RenderHtml("site-subscribe", view));
    }
}

/// <summary>An <c>application/x-www-form-urlencoded</c> body, keeping every value of a repeated field (checkboxes).</summary>
public sealed class FormFields
{
    private readonly ILookup<string, string> _values;

    private FormFields(ILookup<string, string> values) => _values = values;

    public string? One(string name) => _values[name].FirstOrDefault();

    public IReadOnlyList<string> All(string name) => _values[name].Where(v => v.Length > 0).ToArray();

    public static FormFields Parse(string? body) => new((body ?? string.Empty)
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            return (Name: Decode(eq < 0 ? pair : pair[..eq]), Value: eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]));
        })
        .ToLookup(x => x.Name, x => x.Value, StringComparer.Ordinal));

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
