using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Configuration;
using Monitors.Core.Subscriptions;

namespace Monitors.Azure.Storage;

/// <summary>
/// Table <c>Subscribers</c>: PartitionKey = subscriber id, RowKey <c>profile</c>; and an email index row per subscriber
/// (PartitionKey <c>~email</c>, RowKey = SHA-256 of the normalised email, since emails may hold characters keys cannot).
/// Saved with ETag concurrency.
/// </summary>
public sealed class TableSubscriberStore(StorageClients clients) : ISubscriberStore
{
    private const string ProfileRow = "profile";
    private const string EmailPartition = "~email";
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Subscribers);

    public async Task<Subscriber?> GetAsync(string subscriberId, CancellationToken cancellationToken = default)
    {
        if (!StorageKeys.IsValid(subscriberId) || subscriberId.StartsWith('~'))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(subscriberId, ProfileRow, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<Subscriber?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(EmailPartition, EmailKey(email), cancellationToken: cancellationToken);
        if (!index.HasValue)
        {
            return null;
        }

        var subscriber = await GetAsync(index.Value!.GetString("SubscriberId"), cancellationToken);
        return subscriber is not null && string.Equals(subscriber.Email, email, StringComparison.Ordinal) ? subscriber : null;
    }

    public async Task<bool> TryAddAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var index = new TableEntity(EmailPartition, EmailKey(subscriber.Email)) { ["SubscriberId"] = subscriber.Id };
        try
        {
            await _table.AddEntityAsync(index, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // An index row whose subscriber row was never written (a crash in between) does not hold the email.
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(EmailPartition, index.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue || await GetAsync(existing.Value!.GetString("SubscriberId"), cancellationToken) is not null)
            {
                return false;
            }

            try
            {
                await _table.UpdateEntityAsync(index, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e2) when (e2.Status is 404 or 412)
            {
                return false;
            }
        }

        try
        {
            await _table.AddEntityAsync(ToEntity(subscriber), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Subscriber?> TryUpdateAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (subscriber.ETag is null)
        {
            throw new ArgumentException("Only a subscriber read from the store (with its ETag) can be updated.", nameof(subscriber));
        }

        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(subscriber), new ETag(subscriber.ETag), TableUpdateMode.Replace, cancellationToken);
            return subscriber with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<Subscriber> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.RowKey == ProfileRow, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    private static string EmailKey(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)));

    private static TableEntity ToEntity(Subscriber s) => new(s.Id, ProfileRow)
    {
        [nameof(s.Email)] = s.Email,
        [nameof(s.Tier)] = s.Tier.ToString(),
        [nameof(s.Confirmed)] = s.Confirmed,
        [nameof(s.CreatedAt)] = s.CreatedAt,
        [nameof(s.ConfirmedAt)] = s.ConfirmedAt,
        [nameof(SubscriberPreferences.SameDayAlerts)] = s.Preferences.SameDayAlerts,
        [nameof(SubscriberPreferences.WeeklyDigest)] = s.Preferences.WeeklyDigest,
        [nameof(s.Following)] = string.Join(',', s.Following),
        [nameof(s.UnsubscribedAt)] = s.UnsubscribedAt,
        [nameof(s.LastConfirmationSentAt)] = s.LastConfirmationSentAt,
    };

    private static Subscriber FromEntity(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        Email = e.GetString(nameof(Subscriber.Email)),
        Tier = Enum.TryParse<Tier>(e.GetString(nameof(Subscriber.Tier)), out var tier) ? tier : Tier.Free,
        Confirmed = e.GetBoolean(nameof(Subscriber.Confirmed)) ?? false,
        CreatedAt = e.GetDateTimeOffset(nameof(Subscriber.CreatedAt)) ?? DateTimeOffset.UnixEpoch,
        ConfirmedAt = e.GetDateTimeOffset(nameof(Subscriber.ConfirmedAt)),
        Preferences = new SubscriberPreferences(
            e.GetBoolean(nameof(SubscriberPreferences.SameDayAlerts)) ?? true,
            e.GetBoolean(nameof(SubscriberPreferences.WeeklyDigest)) ?? true),
        Following = (e.GetString(nameof(Subscriber.Following)) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        UnsubscribedAt = e.GetDateTimeOffset(nameof(Subscriber.UnsubscribedAt)),
        LastConfirmationSentAt = e.GetDateTimeOffset(nameof(Subscriber.LastConfirmationSentAt)),
        ETag = e.ETag.ToString(),
    };
}

/// <summary>Which strings can be table keys: ids from requests are checked before they reach a query.</summary>
internal static class StorageKeys
{
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 256 && !key.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');
}
