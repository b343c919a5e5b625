using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using Monitors.Core.Changes.Structure;

namespace Monitors.Core.Changes.Diff;

/// <summary>
/// Aligns two versions' trees and lists the clause changes. Nodes with identical text are aligned first (common
/// prefix and suffix, then a line diff of node ids), so a 300 KB document with one changed clause costs one
/// comparison, not a cascade. Only the leftovers are paired: same text elsewhere (moved), same wording under
/// another number (renumbered), similar wording (modified); the rest are added or removed.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service; instance members keep it replaceable.")]
public sealed class StructuralDiffer(DocumentStructureParser parser)
{
    /// <summary>Pairs of leftover nodes compared by similarity in one block before falling back to a window around the diagonal.</summary>
    private const int MaxPairsPerBlock = 40_000;
    private const double ModifiedThreshold = 0.5;
    private const double SameLabelModifiedThreshold = 0.2;
    private const double MovedAndModifiedThreshold = 0.8;
    private const double InPlaceModifiedThreshold = 0.25;

    public StructuralDiffer()
        : this(new DocumentStructureParser())
    {
    }

    public IReadOnlyList<ClauseChange> Diff(string previousText, string newText)
    {
        ArgumentNullException.ThrowIfNull(previousText);
        ArgumentNullException.ThrowIfNull(newText);
        return Diff(parser.Parse(previousText), parser.Parse(newText));
    }

    public IReadOnlyList<ClauseChange> Diff(DocumentTree previous, DocumentTree next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var alignment = new Alignment(previous, next);
        alignment.AlignUnchanged();
        alignment.PairLeftovers();
        return alignment.ToChanges();
    }

    private sealed record Block(int DeleteStart, int DeleteCount, int InsertStart, int InsertCount);

    private sealed class Alignment(DocumentTree previous, DocumentTree next)
    {
        private readonly IReadOnlyList<SectionNode> oldNodes = previous.Nodes;
        private readonly IReadOnlyList<SectionNode> newNodes = next.Nodes;
        private readonly List<Block> blocks = [];

        // For each old/new node: the index of its partner (or -1), and the kind of pairing.
        private int[] oldPartner = [];
        private int[] newPartner = [];
        private ClauseChangeKind?[] newKind = [];
        private int[] oldBlock = [];
        private int[] newBlock = [];
        private int[] oldIds = [];
        private int[] newIds = [];

        public void AlignUnchanged()
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            oldIds = oldNodes.Select(n => IdOf(ids, n.Text)).ToArray();
            newIds = newNodes.Select(n => IdOf(ids, n.Text)).ToArray();
            oldPartner = Enumerable.Repeat(-1, oldNodes.Count).ToArray();
            newPartner = Enumerable.Repeat(-1, newNodes.Count).ToArray();
            newKind = new ClauseChangeKind?[newNodes.Count];
            oldBlock = Enumerable.Repeat(-1, oldNodes.Count).ToArray();
            newBlock = Enumerable.Repeat(-1, newNodes.Count).ToArray();

            var start = 0;
            while (start < oldIds.Length && start < newIds.Length && oldIds[start] == newIds[start])
            {
                Align(start, start);
                start++;
            }

            var oldEnd = oldIds.Length;
            var newEnd = newIds.Length;
            while (oldEnd > start && newEnd > start && oldIds[oldEnd - 1] == newIds[newEnd - 1])
            {
                oldEnd--;
                newEnd--;
                Align(oldEnd, newEnd);
            }

            if (oldEnd - start == 0 || newEnd - start == 0)
            {
                AddBlock(new Block(start, oldEnd - start, start, newEnd - start));
                return;
            }

            // The middle: a line diff where each line is a node id (DiffPlex's Myers diff, linear space).
            var result = Differ.Instance.CreateDiffs(
                JoinIds(oldIds, start, oldEnd), JoinIds(newIds, start, newEnd), false, false, LineChunker.Instance);
            var oldAt = start;
            var newAt = start;
            foreach (var diffBlock in result.DiffBlocks)
            {
                var block = new Block(start + diffBlock.DeleteStartA, diffBlock.DeleteCountA, start + diffBlock.InsertStartB, diffBlock.InsertCountB);
                while (oldAt < block.DeleteStart)
                {
                    Align(oldAt++, newAt++);
                }

                AddBlock(block);
                oldAt = block.DeleteStart + block.DeleteCount;
                newAt = block.InsertStart + block.InsertCount;
            }

            while (oldAt < oldEnd)
            {
                Align(oldAt++, newAt++);
            }
        }

        public void PairLeftovers()
        {
            if (blocks.Count == 0)
            {
                return;
            }

            PairSameText();
            PairSameBody();
            var fingerprints = new Dictionary<(bool Old, int Index), int[]>();
            int[] Fingerprint(bool old, int index)
            {
                if (!fingerprints.TryGetValue((old, index), out var value))
                {
                    value = TextSimilarity.Fingerprint(old ? oldNodes[index].Body : newNodes[index].Body);
                    fingerprints[(old, index)] = value;
                }

                return value;
            }

            for (var b = 0; b < blocks.Count; b++)
            {
                var block = blocks[b];
                var deleted = Range(block.DeleteStart, block.DeleteCount).Where(i => oldPartner[i] < 0).ToList();
                var inserted = Range(block.InsertStart, block.InsertCount).Where(j => newPartner[j] < 0).ToList();
                if (deleted.Count == 1 && inserted.Count == 1 && IsInPlaceReplacement(deleted[0], inserted[0])
                    && TextSimilarity.Dice(Fingerprint(true, deleted[0]), Fingerprint(false, inserted[0])) >= InPlaceModifiedThreshold)
                {
                    // One block swapped for one of its kind in the same place ("Effective: May 31" → "Effective:
                    // January 1"): a modification even when little wording survives.
                    Pair(deleted[0], inserted[0], ClauseChangeKind.Modified);
                    continue;
                }

                PairBySimilarity(deleted, inserted, Fingerprint, acrossBlocks: false);
            }

            var restDeleted = Enumerable.Range(0, oldNodes.Count).Where(i => oldPartner[i] < 0).ToList();
            var restInserted = Enumerable.Range(0, newNodes.Count).Where(j => newPartner[j] < 0).ToList();
            if ((long)restDeleted.Count * restInserted.Count <= MaxPairsPerBlock)
            {
                PairBySimilarity(restDeleted, restInserted, Fingerprint, acrossBlocks: true);
            }
        }

        public List<ClauseChange> ToChanges()
        {
            var entries = new List<(double Order, ClauseChange Change)>();
            for (var j = 0; j < newNodes.Count; j++)
            {
                var node = newNodes[j];
                var i = newPartner[j];
                if (i < 0)
                {
                    if (node.Parent is { Kind: not SectionNodeKind.Root } parent && newPartner[parent.Index] < 0)
                    {
                        continue; // folded into the added parent
                    }

                    var after = SubtreeText(node, n => newPartner[n.Index] < 0);
                    entries.Add((j, Change(ClauseChangeKind.Added, node, null, null, after, [])));
                    continue;
                }

                var kind = newKind[j];
                if (kind is null)
                {
                    continue; // unchanged
                }

                var old = oldNodes[i];
                if (kind is ClauseChangeKind.Moved or ClauseChangeKind.Renumbered && IsFoldedIntoParent(old, node, kind.Value))
                {
                    continue;
                }

                var before = old.Text;
                var afterText = node.Text;
                if (kind == ClauseChangeKind.Moved && string.Equals(before, afterText, StringComparison.Ordinal))
                {
                    // A moved section travels with its sub-clauses: quote them all.
                    before = SubtreeText(old, n => oldPartner[n.Index] >= 0 && newKind[oldPartner[n.Index]] == ClauseChangeKind.Moved);
                    afterText = SubtreeText(node, n => newPartner[n.Index] >= 0 && newKind[n.Index] == ClauseChangeKind.Moved);
                }

                var segments = string.Equals(before, afterText, StringComparison.Ordinal) ? [] : WordDiff.Segments(before, afterText);
                entries.Add((j, Change(kind.Value, node, old, before, afterText, segments)));
            }

            for (var i = 0; i < oldNodes.Count; i++)
            {
                if (oldPartner[i] >= 0)
                {
                    continue;
                }

                var node = oldNodes[i];
                if (node.Parent is { Kind: not SectionNodeKind.Root } parent && oldPartner[parent.Index] < 0)
                {
                    continue; // folded into the removed parent
                }

                var before = SubtreeText(node, n => oldPartner[n.Index] < 0);
                entries.Add((RemovedOrder(i), Change(ClauseChangeKind.Removed, node, node, before, null, [])));
            }

            return entries.OrderBy(e => e.Order).Select(e => e.Change).ToList();
        }

        private bool IsInPlaceReplacement(int oldIndex, int newIndex)
        {
            var old = oldNodes[oldIndex];
            var node = newNodes[newIndex];
            return old.Kind == node.Kind
                && (old.Parent?.Kind == SectionNodeKind.Root ? node.Parent?.Kind == SectionNodeKind.Root : old.Parent is { } parent && oldPartner[parent.Index] == node.Parent?.Index);
        }

        private bool IsFoldedIntoParent(SectionNode old, SectionNode node, ClauseChangeKind kind) =>
            old.Parent is { Kind: not SectionNodeKind.Root } oldParent
            && node.Parent is { Kind: not SectionNodeKind.Root } newParent
            && oldPartner[oldParent.Index] == newParent.Index
            && newKind[newParent.Index] == kind;

        /// <summary>A removed node sorts just before the new node that took the place of its block.</summary>
        private double RemovedOrder(int oldIndex)
        {
            var block = oldBlock[oldIndex];
            var anchor = block >= 0 ? blocks[block].InsertStart : newNodes.Count;
            return anchor - 0.5 + (oldIndex * 1e-7);
        }

        private static ClauseChange Change(ClauseChangeKind kind, SectionNode node, SectionNode? old, string? before, string? after, IReadOnlyList<InlineSegment> segments)
        {
            var previousPath = old is not null && !string.Equals(old.Path, node.Path, StringComparison.Ordinal) ? old.Path : null;
            var summary = KeySentences.ForClause(kind, node.Path, previousPath, before, after, segments);
            var breadcrumb = node.Breadcrumb;
            return new ClauseChange(node.Path, node.NearestTitle, kind, before, after, segments, summary)
            {
                PreviousPath = previousPath,
                Breadcrumb = breadcrumb.Length == 0 ? null : breadcrumb,
            };
        }

        private static string SubtreeText(SectionNode node, Func<SectionNode, bool> include)
        {
            var builder = new StringBuilder(node.Text);
            var pending = new Stack<SectionNode>();
            for (var c = node.Children.Count - 1; c >= 0; c--)
            {
                pending.Push(node.Children[c]);
            }

            while (pending.Count > 0)
            {
                var child = pending.Pop();
                if (!include(child))
                {
                    continue;
                }

                builder.Append('\n').Append(child.Text);
                for (var c = child.Children.Count - 1; c >= 0; c--)
                {
                    pending.Push(child.Children[c]);
                }
            }

            return builder.ToString();
        }

        private void Align(int oldIndex, int newIndex)
        {
            oldPartner[oldIndex] = newIndex;
            newPartner[newIndex] = oldIndex;
        }

        private void Pair(int oldIndex, int newIndex, ClauseChangeKind kind)
        {
            Align(oldIndex, newIndex);
            newKind[newIndex] = kind;
        }

        private void AddBlock(Block block)
        {
            if (block.DeleteCount == 0 && block.InsertCount == 0)
            {
                return;
            }

            foreach (var i in Range(block.DeleteStart, block.DeleteCount))
            {
                oldBlock[i] = blocks.Count;
            }

            foreach (var j in Range(block.InsertStart, block.InsertCount))
            {
                newBlock[j] = blocks.Count;
            }

            blocks.Add(block);
        }

        /// <summary>The same text elsewhere: the clause moved.</summary>
        private void PairSameText()
        {
            var deletedById = new Dictionary<int, Queue<int>>();
            foreach (var block in blocks)
            {
                foreach (var i in Range(block.DeleteStart, block.DeleteCount))
                {
                    if (!deletedById.TryGetValue(oldIds[i], out var queue))
                    {
                        deletedById[oldIds[i]] = queue = new Queue<int>();
                    }

                    queue.Enqueue(i);
                }
            }

            foreach (var block in blocks)
            {
                foreach (var j in Range(block.InsertStart, block.InsertCount))
                {
                    if (deletedById.TryGetValue(newIds[j], out var queue) && queue.Count > 0)
                    {
                        Pair(queue.Dequeue(), j, ClauseChangeKind.Moved);
                    }
                }
            }
        }

        /// <summary>The same wording under another number: renumbered, not a substantive change.</summary>
        private void PairSameBody()
        {
            var deletedByBody = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
            foreach (var block in blocks)
            {
                foreach (var i in Range(block.DeleteStart, block.DeleteCount))
                {
                    var node = oldNodes[i];
                    if (oldPartner[i] >= 0 || node.Label is null || node.Body.Length == 0)
                    {
                        continue;
                    }

                    if (!deletedByBody.TryGetValue(node.Body, out var queue))
                    {
                        deletedByBody[node.Body] = queue = new Queue<int>();
                    }

                    queue.Enqueue(i);
                }
            }

            foreach (var block in blocks)
            {
                foreach (var j in Range(block.InsertStart, block.InsertCount))
                {
                    var node = newNodes[j];
                    if (newPartner[j] < 0 && node.Label is not null && deletedByBody.TryGetValue(node.Body, out var queue) && queue.Count > 0)
                    {
                        Pair(queue.Dequeue(), j, ClauseChangeKind.Renumbered);
                    }
                }
            }
        }

        /// <summary>Pairs similar leftovers, best pairs first. Within a block a pair is a modification; across blocks, a moved and modified clause.</summary>
        private void PairBySimilarity(List<int> deleted, List<int> inserted, Func<bool, int, int[]> fingerprint, bool acrossBlocks)
        {
            if (deleted.Count == 0 || inserted.Count == 0)
            {
                return;
            }

            var window = (long)deleted.Count * inserted.Count <= MaxPairsPerBlock ? int.MaxValue : MaxPairsPerBlock / deleted.Count / 2;
            var candidates = new List<(double Score, int Old, int New)>();
            for (var d = 0; d < deleted.Count; d++)
            {
                var i = deleted[d];
                var diagonal = (int)((long)d * inserted.Count / deleted.Count);
                var from = window == int.MaxValue ? 0 : Math.Max(0, diagonal - window);
                var to = window == int.MaxValue ? inserted.Count : Math.Min(inserted.Count, diagonal + window + 1);
                for (var n = from; n < to; n++)
                {
                    var j = inserted[n];
                    if (acrossBlocks && oldBlock[i] == newBlock[j])
                    {
                        continue;
                    }

                    var similarity = TextSimilarity.Dice(fingerprint(true, i), fingerprint(false, j));
                    var sameLabel = oldNodes[i].Label is { } label && string.Equals(label, newNodes[j].Label, StringComparison.Ordinal);
                    var threshold = acrossBlocks ? MovedAndModifiedThreshold : sameLabel ? SameLabelModifiedThreshold : ModifiedThreshold;
                    if (similarity >= threshold)
                    {
                        var score = similarity + (sameLabel ? 0.15 : 0) + (oldNodes[i].Kind == newNodes[j].Kind ? 0.05 : 0);
                        candidates.Add((score, i, j));
                    }
                }
            }

            foreach (var (_, i, j) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Old).ThenBy(c => c.New))
            {
                if (oldPartner[i] < 0 && newPartner[j] < 0)
                {
                    Pair(i, j, acrossBlocks ? ClauseChangeKind.Moved : ClauseChangeKind.Modified);
                }
            }
        }

        private static IEnumerable<int> Range(int start, int count) => Enumerable.Range(start, Math.Max(0, count));

        private static int IdOf(Dictionary<string, int> ids, string text)
        {
            if (!ids.TryGetValue(text, out var id))
            {
                id = ids.Count;
                ids[text] = id;
            }

            return id;
        }

        private static string JoinIds(int[] ids, int start, int end)
        {
            var builder = new StringBuilder((end - start) * 6);
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    builder.Append('\n');
                }

                builder.Append(ids[i].ToString(CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }
    }
}
