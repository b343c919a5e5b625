using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Site;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Site;

public sealed class SiteModelTests
{
    [Fact]
    public void DueDiligence_HasItemsForEveryTopic_AndNoUnknownTopic()
    {
        var topics = TopicTaxonomy.Embedded.Topics.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(topics, t => Assert.NotEmpty(DueDiligence.Embedded.For(t)));
        Assert.DoesNotContain(DueDiligence.Embedded.TopicIds, t => !topics.Contains(t));
    }

    [Fact]
    public void DueDiligence_ItemThatIsNotAString_IsRefusedNamingTheTopic()
    {
        using var json = new MemoryStream("{\"items\":{\"ai-training\":[42]}}"u8.ToArray());

        var e = Assert.Throws<InvalidOperationException>(() => DueDiligence.Load(json));

        Assert.Contains("items.ai-training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clauses_CarryTheTopicsOfTheirText_AndKeysStableAcrossVersions()
    {
        var models = new SiteReadModels(new NoIndex(), new DocumentStructureParser(), TopicTaxonomy.Embedded);
        var key = new DocumentKey("p", "d");
        const string Text = "Terms\n\n1. Disputes\n\n1.1. All disputes go to binding arbitration.\n\n2. Law\n\n2.1. Irish law governs these terms.";

        var first = models.Clauses(key, "P", "D", Text, DateTimeOffset.UnixEpoch, null, new Dictionary<string, ClauseEntry>(), new HashSet<string>());
        var again = models.Clauses(key, "P", "D", Text + "\n\n3. More\n\n3.1. Nothing.", DateTimeOffset.UnixEpoch, null, new Dictionary<string, ClauseEntry>(), new HashSet<string>());

        var arbitration = Assert.Single(first, c => c.Text.Contains("arbitration", StringComparison.Ordinal));
        Assert.Contains("arbitration", arbitration.TopicIds);
        Assert.Equal(arbitration.Key, again.Single(c => c.Text.Contains("arbitration", StringComparison.Ordinal)).Key);
        Assert.Equal(first.Count, first.Select(c => c.Key).Distinct().Count());
    }

    [Fact]
    public void Covers_TheSamePathAndClausesInsideAChangedSection_NotSiblings()
    {
        Assert.True(SiteReadModels.Covers("4", "4 › 4.1"));
        Assert.True(SiteReadModels.Covers("4 › 4.1", "4 › 4.1"));
        Assert.False(SiteReadModels.Covers("4", "40 › 40.1"));
        Assert.False(SiteReadModels.Covers("4 › 4.1", "4 › 4.2"));
    }

    [Fact]
    public void FormFields_KeepEveryValueOfARepeatedField()
    {
        var form = FormFields.Parse("topic=ai-training&topic=arbitration&email=a%40b.example&section=1+%E2%80%BA+1.1&empty=");

        Assert.Equal(["ai-training", "arbitration"], form.All("topic"));
        Assert.Equal("a@b.example", form.One("email"));
        Assert.Equal("1 › 1.1", form.One("section"));
        Assert.Empty(form.All("empty"));
    }

    private sealed class NoIndex : ISiteIndex
    {
        public Task<IReadOnlyList<ClauseEntry>> ListClausesAsync(DocumentKey document, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ClauseEntry>>([]);

        public Task<ClauseEntry?> GetClauseAsync(DocumentKey document, string key, CancellationToken cancellationToken = default) => Task.FromResult<ClauseEntry?>(null);

        public Task ReplaceClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, IReadOnlyList<ClauseEntry>? current = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RebuildClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<ClauseEntry>> ListTopicAsync(string topicId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ClauseEntry>>([]);

        public Task AddChangeAsync(ChangeIndexEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task AddChangesAsync(IEnumerable<ChangeIndexEntry> entries, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async IAsyncEnumerable<ChangeIndexEntry> LatestChangesAsync(string? platformId = null, string? documentId = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public async IAsyncEnumerable<ChangeIndexEntry> ListChangesWrittenSinceAsync(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public Task<string?> ChangesStampAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

        public async IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? platformId = null, Monitors.Core.Changes.Severity? severity = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
