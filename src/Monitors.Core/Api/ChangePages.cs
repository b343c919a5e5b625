using Monitors.Core.Changes;
using Monitors.Core.Email;
using Monitors.Core.Storage;

namespace Monitors.Core.Api;

/// <summary><c>GET /changes/{id}</c>: a change record as an HTML page (the link target of every email), escaped, readable on a phone.</summary>
public sealed class ChangePages(IChangeStore changes, EmailComposer composer, EmailTemplates templates)
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

        return ApiResponse.Page(200, Render(record));
    }

    public string Render(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var view = composer.Change(record, int.MaxValue);
        var s = record.Stats;
        var stats = $"{s.Added} added, {s.Removed} removed, {s.Modified} reworded, {s.Moved} moved, {s.Renumbered} renumbered; {s.WordsInserted} words inserted, {s.WordsDeleted} deleted.";
        return templates.RenderHtml("change-page", new ChangePageView(view, Short(record.PreviousVersionId), Short(record.NewVersionId), stats, view.Passages));
    }

    private static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Short(string versionId) => versionId.Length > 12 ? versionId[..12] : versionId;
}
