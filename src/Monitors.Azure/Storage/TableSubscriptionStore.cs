using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Changes.Filters;
using Monitors.Core.Configuration;
using Monitors.Core.Subscriptions;

namespace Monitors.Azure.Storage;

/// <summary>
/// Table <c>Subscriptions</c>: each follow twice, as <c>s~{subscriber}</c>/<c>{platform}</c> (a subscriber's follows) and
/// <c>p~{platform}</c>/<c>{subscriber}</c> (a platform's followers, read by the alert fan-out). The subscriber row's
/// <see cref="Subscriber.Following"/> is the authority; these rows index it and hold the filters.
/// </summary>
public sealed class TableSubscriptionStore(StorageClients clients) : ISubscriptionStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Subscriptions);

    public async Task SaveAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await _table.UpsertEntityAsync(ToEntity(BySubscriber(subscription.SubscriberId), subscription.PlatformId, subscription), TableUpdateMode.Replace, cancellationToken);
        await _table.UpsertEntityAsync(ToEntity(ByPlatform(subscription.PlatformId), subscription.SubscriberId, subscription), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveAsync(string subscriberId, string platformId, CancellationToken cancellationToken = default)
    {
        // The platform's row first: the fan-out stops finding the follow before the subscriber's own row goes.
        await DeleteAsync(ByPlatform(platformId), subscriberId, cancellationToken);
        await DeleteAsync(BySubscriber(subscriberId), platformId, cancellationToken);
    }

    public IAsyncEnumerable<Subscription> ListBySubscriberAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        ListAsync(BySubscriber(subscriberId), cancellationToken);

    public IAsyncEnumerable<Subscription> ListByPlatformAsync(string platformId, CancellationToken cancellationToken = default) =>
        ListAsync(ByPlatform(platformId), cancellationToken);

    private async IAsyncEnumerable<Subscription> ListAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var topics = (e.GetString("Topics") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
            var section = e.GetString("SectionPath");
            var filter = topics.Length == 0 && string.IsNullOrEmpty(section) ? null : new ProvisionFilter(topics, section);
            yield return new Subscription(
                e.GetString("SubscriberId"),
                e.GetString("PlatformId"),
                e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch,
                filter);
        }
    }

    private async Task DeleteAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Not followed (or removed already): nothing to do.
        }
    }

    private static string BySubscriber(string subscriberId) => $"s~{subscriberId}";

    private static string ByPlatform(string platformId) => $"p~{platformId}";

    private static TableEntity ToEntity(string partition, string row, Subscription s) => new(partition, row)
    {
        ["SubscriberId"] = s.SubscriberId,
        ["PlatformId"] = s.PlatformId,
        ["CreatedAt"] = s.CreatedAt,
        ["Topics"] = s.Filter is null ? null : string.Join(',', s.Filter.TopicIds),
        ["SectionPath"] = s.Filter?.SectionPath,
    };
}
