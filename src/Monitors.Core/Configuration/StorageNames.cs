namespace Monitors.Core.Configuration;

/// <summary>Every Azure Storage container, queue and table the app uses. <c>infra/</c> creates each of them.</summary>
public static class StorageNames
{
    public static class Containers
    {
        /// <summary>Raw fetched bytes, <c>{platform}/{document}/{sha256}</c>, gzip, write-once.</summary>
        public const string Snapshots = "snapshots";
        /// <summary>Canonical extracted text, same naming as snapshots.</summary>
        public const string Versions = "versions";
        /// <summary>Full change record JSON, <c>{platform}/{document}/{changeId}.json</c>.</summary>
        public const string Changes = "changes";
        /// <summary>Rendered emails when no SendGrid key is set.</summary>
        public const string Outbox = "outbox";

        /// <summary>The Data Protection key ring (antiforgery tokens of the site's forms), shared by every instance.</summary>
        public const string DataProtection = "dataprotection";

        /// <summary>
        /// Materialised views the site's pages read in one request each (a document's clauses and versions, a topic, the
        /// newest change records), written by the publish step next to the table rows; see <c>docs/site.md</c>, "Speed".
        /// </summary>
        public const string Views = "views";

        public static IReadOnlyList<string> All { get; } = [Snapshots, Versions, Changes, Outbox, DataProtection, Views];
    }

    public static class Queues
    {
        public const string Checks = "checks";
        public const string Changes = "changes";
        public const string Alerts = "alerts";
        public const string Digests = "digests";

        /// <summary>
        /// A version was published: bring the site's read models up to date with it. Off the check path, so a check
        /// costs what checking costs and the site's projection is paid (and retried) on its own.
        /// </summary>
        public const string Site = "site";

        public static IReadOnlyList<string> All { get; } = [Checks, Changes, Alerts, Digests, Site];

        /// <summary>The Functions host moves a message here after <c>maxDequeueCount</c> failed attempts.</summary>
        public static string PoisonOf(string queue) => queue + "-poison";
    }

    public static class Tables
    {
        public const string Documents = "Documents";
        public const string Versions = "Versions";
        public const string Changes = "Changes";
        public const string Subscribers = "Subscribers";
        public const string Subscriptions = "Subscriptions";
        public const string Deliveries = "Deliveries";

        /// <summary>Read model of the site: each document's current clauses, and per topic the clauses that carry it.</summary>
        public const string SiteClauses = "SiteClauses";

        /// <summary>Read model of the site: every change record's search fields, newest first.</summary>
        public const string SiteChanges = "SiteChanges";

        public static IReadOnlyList<string> All { get; } = [Documents, Versions, Changes, Subscribers, Subscriptions, Deliveries, SiteClauses, SiteChanges];
    }
}
