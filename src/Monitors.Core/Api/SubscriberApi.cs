using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Api;

/// <summary>
/// The subscriber endpoints, transport-neutral: each takes an <see cref="ApiRequest"/> and returns an <see cref="ApiResponse"/>.
/// Access to a subscriber's data needs a signed token of the right purpose for that subscriber; bad input gets an
/// RFC 9457 problem that says what is wrong, and changes nothing.
/// </summary>
public sealed class SubscriberApi(
    SubscriptionService service,
    TokenService tokens,
    LinkBuilder links,
    EmailTemplates templates,
    PlatformCatalog catalog,
    IOptions<ApiOptions> options)
{
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
    };

    /// <summary><c>POST /api/subscribers</c> <c>{"email": "...", "follow": ["aws-bedrock"]}</c>: sign up on the Free tier and send the double opt-in email.</summary>
    public async Task<ApiResponse> SignUpAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var body = Read<SignUpRequest>(request, "email (required), follow (platform ids)");
        if (body.Tier is { } tier && !string.Equals(tier, nameof(Tier.Free), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSubscriptionRequestException("tier", $"Sign-up is on the Free tier; the {tier} tier is set by an operator after sign-up.");
        }

        await service.SignUpAsync(body.Email, body.Follow, cancellationToken: cancellationToken);

        // The same answer whether or not the address was known, so the endpoint does not tell who subscribes.
        return ApiResponse.Ok(new
        {
            status = "confirmation-sent",
            detail = "Check the inbox of that address: the subscription starts when the link in our email is followed.",
        }, 202);
    }

    /// <summary><c>GET /api/confirm?token=</c>: the double opt-in link. A page for people; JSON (with a manage token) for programs.</summary>
    public async Task<ApiResponse> ConfirmAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var subscriberId = tokens.Validate(request.QueryValue("token"), TokenPurpose.Confirm);
        var subscriber = await service.ConfirmAsync(subscriberId, cancellationToken);
        if (WantsJson(request))
        {
            return ApiResponse.Ok(new { subscriber = await ViewAsync(subscriber, cancellationToken), manageToken = tokens.Issue(subscriber.Id, TokenPurpose.Manage) });
        }

        return Page(200, new PageView(
            "Subscription confirmed",
            "Your subscription is confirmed",
            [
                $"{subscriber.Email} is subscribed on the {TierRules.Describe(subscriber.Tier)} tier.",
                subscriber.Following.Count == 0
                    ? "You follow no platform yet: follow one from the page below."
                    : $"You follow {string.Join(", ", subscriber.Following.Select(PlatformName))}.",
            ],
            [new LinkView("Manage your subscription", links.Manage(subscriber.Id))]));
    }

    /// <summary><c>GET /api/subscribers/{id}</c>: the subscriber, their preferences, limits and follows.</summary>
    public async Task<ApiResponse> GetAsync(ApiRequest request, string subscriberId, CancellationToken cancellationToken = default)
    {
        Authorize(request, subscriberId);
        return ApiResponse.Ok(await ViewAsync(await service.GetAsync(subscriberId, cancellationToken), cancellationToken));
    }

    /// <summary><c>GET /api/subscribers/{id}/subscriptions</c>.</summary>
    public async Task<ApiResponse> ListSubscriptionsAsync(ApiRequest request, string subscriberId, CancellationToken cancellationToken = default)
    {
        Authorize(request, subscriberId);
        var follows = await service.ListSubscriptionsAsync(subscriberId, cancellationToken);
        return ApiResponse.Ok(follows.Select(SubscriptionView).ToArray());
    }

    /// <summary><c>PUT /api/subscribers/{id}/subscriptions/{platform}</c>, optional body <c>{"topics": [...], "sectionPath": "..."}</c>.</summary>
    public async Task<ApiResponse> FollowAsync(ApiRequest request, string subscriberId, string platformId, CancellationToken cancellationToken = default)
    {
        Authorize(request, subscriberId);
        var body = string.IsNullOrWhiteSpace(request.Body) ? new FollowRequest(null, null) : Read<FollowRequest>(request, "topics (topic ids), sectionPath");
        var filter = SubscriptionFilters.Create(body.Topics, body.SectionPath);
        var subscription = await service.FollowAsync(subscriberId, platformId, filter, cancellationToken);
        return ApiResponse.Ok(SubscriptionView(subscription));
    }

    /// <summary><c>DELETE /api/subscribers/{id}/subscriptions/{platform}</c>.</summary>
    public async Task<ApiResponse> UnfollowAsync(ApiRequest request, string subscriberId, string platformId, CancellationToken cancellationToken = default)
    {
        Authorize(request, subscriberId);
        await service.UnfollowAsync(subscriberId, platformId, cancellationToken);
        return ApiResponse.NoContent();
    }

    /// <summary><c>PATCH /api/subscribers/{id}/preferences</c> <c>{"sameDayAlerts": true, "weeklyDigest": false}</c>; a field left out is left as it is.</summary>
    public async Task<ApiResponse> UpdatePreferencesAsync(ApiRequest request, string subscriberId, CancellationToken cancellationToken = default)
    {
        Authorize(request, subscriberId);
        var body = Read<PreferencesRequest>(request, "sameDayAlerts, weeklyDigest (booleans)");
        if (body.SameDayAlerts is null && body.WeeklyDigest is null)
        {
            throw new InvalidSubscriptionRequestException("body", "Give sameDayAlerts and/or weeklyDigest (true or false).");
        }

        var subscriber = await service.UpdatePreferencesAsync(subscriberId, body.SameDayAlerts, body.WeeklyDigest, cancellationToken);
        return ApiResponse.Ok(await ViewAsync(subscriber, cancellationToken));
    }

    /// <summary><c>PUT /api/subscribers/{id}/tier</c> <c>{"tier": "monitor"}</c>: operators only.</summary>
    public async Task<ApiResponse> SetTierAsync(ApiRequest request, string subscriberId, CancellationToken cancellationToken = default)
    {
        if (!IsOperator(request))
        {
            return ApiResponse.Problem(401, "Operator key required",
                "Changing a tier is for operators: call with a function key (in Azure) or the X-Admin-Key header set to Monitors:Api:AdminKey.",
                "operator-only", headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "X-Admin-Key" });
        }

        var body = Read<TierRequest>(request, "tier (\"free\" or \"monitor\")");
        if (!Enum.TryParse<Tier>(body.Tier, ignoreCase: true, out var tier) || !Enum.IsDefined(tier) || int.TryParse(body.Tier, out _))
        {
            throw new InvalidSubscriptionRequestException("tier", $"'{body.Tier}' is not a tier; use \"free\" or \"monitor\".");
        }

        var subscriber = await service.SetTierAsync(subscriberId, tier, cancellationToken);
        return ApiResponse.Ok(await ViewAsync(subscriber, cancellationToken));
    }

    /// <summary><c>GET /api/unsubscribe?token=</c>: a page with one button; a GET alone never unsubscribes (link scanners follow links).</summary>
    public async Task<ApiResponse> UnsubscribePageAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var token = request.QueryValue("token");
        var subscriber = await service.GetAsync(tokens.Validate(token, TokenPurpose.Unsubscribe), cancellationToken);
        return Page(200, new PageView(
            "Unsubscribe",
            "Unsubscribe from Monitors?",
            [$"{subscriber.Email} will get no more alerts or digests. You can sign up again at any time."],
            [new LinkView("Change what you get instead", links.Manage(subscriber.Id))],
            new FormView(links.Unsubscribe(subscriber.Id), "Unsubscribe", [new KeyValueView("List-Unsubscribe", "One-Click")])));
    }

    /// <summary><c>POST /api/unsubscribe?token=</c>: one-click unsubscribe (RFC 8058; the body is <c>List-Unsubscribe=One-Click</c>).</summary>
    public async Task<ApiResponse> UnsubscribeAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var token = request.QueryValue("token") ?? ApiRequest.ParseForm(request.Body).GetValueOrDefault("token");
        var subscriber = await service.UnsubscribeAsync(tokens.Validate(token, TokenPurpose.Unsubscribe), cancellationToken);
        if (WantsJson(request))
        {
            return ApiResponse.Ok(new { status = "unsubscribed", email = subscriber.Email });
        }

        return Page(200, new PageView(
            "Unsubscribed",
            "You are unsubscribed",
            [$"{subscriber.Email} will get no more alerts or digests from Monitors."],
            []));
    }

    /// <summary>An operator: authenticated by the host (function key) or by the configured admin key, compared in constant time.</summary>
    public bool IsOperator(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsOperator)
        {
            return true;
        }

        var configured = options.Value.AdminKey;
        var given = request.Header("X-Admin-Key");
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison's time says nothing about the key.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }

    /// <summary>The request must carry a manage token (Bearer, or <c>?token=</c>) issued for this subscriber.</summary>
    private void Authorize(ApiRequest request, string subscriberId)
    {
        var authorization = request.Header("Authorization");
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : request.QueryValue("token");
        var tokenSubscriber = tokens.Validate(token, TokenPurpose.Manage);
        if (!string.Equals(tokenSubscriber, subscriberId, StringComparison.Ordinal))
        {
            throw new ForbiddenException("This token belongs to another subscriber.");
        }
    }

    private async Task<object> ViewAsync(Subscriber s, CancellationToken cancellationToken)
    {
        var follows = await service.ListSubscriptionsAsync(s.Id, cancellationToken);
        return new
        {
            id = s.Id,
            email = s.Email,
            tier = s.Tier.ToString().ToLowerInvariant(),
            confirmed = s.Confirmed,
            createdAt = s.CreatedAt,
            unsubscribedAt = s.UnsubscribedAt,
            preferences = new { sameDayAlerts = s.Preferences.SameDayAlerts, weeklyDigest = s.Preferences.WeeklyDigest },
            receives = new { sameDayAlerts = s.ReceivesAlerts, weeklyDigest = s.ReceivesDigest },
            limits = new { maxPlatforms = TierRules.MaxPlatforms(s.Tier), sameDayAlerts = TierRules.HasSameDayAlerts(s.Tier) },
            following = follows.Select(SubscriptionView).ToArray(),
        };
    }

    private object SubscriptionView(Subscription s) => new
    {
        platformId = s.PlatformId,
        platformName = PlatformName(s.PlatformId),
        followedAt = s.CreatedAt,
        topics = s.Filter?.TopicIds,
        sectionPath = s.Filter?.SectionPath,
    };

    private string PlatformName(string platformId) => catalog.Find(platformId)?.Name ?? platformId;

    private ApiResponse Page(int status, PageView view) => ApiResponse.Page(status, templates.RenderHtml("page", view));

    public static bool WantsJson(ApiRequest request) =>
        request.Header("Accept") is { } accept && accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static T Read<T>(ApiRequest request, string fields)
    {
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            throw new InvalidSubscriptionRequestException("body", $"The request needs a JSON body with: {fields}.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(request.Body, RequestJson)
                ?? throw new InvalidSubscriptionRequestException("body", $"The body is null; send a JSON object with: {fields}.");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : $" at {e.Path}";
            var what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"it has a field this request does not take{where}"
                : $"it is not valid JSON of the expected shape{where}";
            throw new InvalidSubscriptionRequestException("body", $"The body cannot be read: {what}. Fields: {fields}.");
        }
    }

    private sealed record SignUpRequest(string? Email, IReadOnlyList<string>? Follow, string? Tier);

    private sealed record FollowRequest(IReadOnlyList<string>? Topics, string? SectionPath);

    private sealed record PreferencesRequest(bool? SameDayAlerts, bool? WeeklyDigest);

    private sealed record TierRequest(string? Tier);
}

/// <summary>The token is valid but not for this subscriber.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
