using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Email;
using Monitors.Core.Storage;

namespace Monitors.Core.Api;

/// <summary>
/// <c>GET /changes/{id}</c>: a change record as an HTML page (the link target of every email), readable on a phone. The
/// record is rendered by <see cref="ChangeRecordRenderer"/> (the one HTML rendering of a record, which encodes every
/// document string) inside the page template.
/// </summary>
public sealed class ChangePages(IChangeStore changes, ChangeRecordRenderer renderer, EmailTemplates templates)
{
    public async Task<ApiResponse> GetAsync(ApiRequest request, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = IsPlausibleId(changeId) ? await changes.GetAsync(changeId, cancellationToken) : null;
        if (record is null)
        {
            return SubscriberApi.WantsJson(request)
                ? ApiResponse.Problem(404, "No such change record", $"There is no change record '{changeId}'.", "change-not-found")
                : ApiResponse.Page(404, templates.RenderHtml("page", new PageView("Not found", "No such change record", [$"There is no change record '{changeId}'."], [])));
        }

        if (SubscriberApi.WantsJson(request))
        {
            return ApiResponse.Content(200, ApiResponse.Json, renderer.RenderJson(record));
        }

        return ApiResponse.Page(200, Render(record));
    }

    public string Render(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return templates.RenderHtml("change-page", new ChangePageView(
            record.Headline,
            renderer.RenderHtml(record),
            $"Change record {record.Id}, detected {TemplateViews.Date(record.DetectedAt)}."));
    }

    private static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
