using System.Text;

namespace Monitors.Core.Changes.Structure;

/// <summary>What a block of the canonical text is, structurally.</summary>
public enum SectionNodeKind
{
    Root,
    Heading,
    /// <summary>A numbered paragraph: "50.12.5.1. …", "(a) …", "Article 7 …".</summary>
    Clause,
    /// <summary>A paragraph without a number.</summary>
    Paragraph,
    ListItem,
    TableRow,
}

/// <summary>
/// One section or clause of a version: a heading, a (numbered) paragraph, a list item or a table row, with the
/// nodes it contains. <see cref="Text"/> is the block's own text only; children hold the rest, so a change
/// inside a big section is one changed node, not a changed section.
/// </summary>
public sealed class SectionNode
{
    private readonly List<SectionNode> children = [];

    internal SectionNode(SectionNodeKind kind, string text, string? label, string? title, string body, int headingLevel)
    {
        Kind = kind;
        Text = text;
        Label = label;
        Title = title;
        Body = body;
        HeadingLevel = headingLevel;
    }

    public SectionNodeKind Kind { get; }

    /// <summary>The number as written, without a trailing dot: <c>50.12.5.1</c>, <c>(a)</c>, <c>(iv)</c>, <c>Section 3</c>; null when the block has none.</summary>
    public string? Label { get; }

    /// <summary>The heading text, or the short lead-in of a clause ("Services Term" in "1.1. Services Term. OpenAI will …").</summary>
    public string? Title { get; }

    /// <summary>Labels (or headings, or <c>¶ N</c>) from the top of the document, joined by <c> › </c>: <c>50 › 50.12 › 50.12.5.1</c>.</summary>
    public string Path { get; internal set; } = "";

    /// <summary>The block's own text, label included, whitespace collapsed.</summary>
    public string Text { get; }

    /// <summary><see cref="Text"/> without its label: what stays the same when a clause is only renumbered.</summary>
    public string Body { get; }

    /// <summary>1–6 for headings, 0 otherwise.</summary>
    public int HeadingLevel { get; }

    /// <summary>Position in document order (0-based); -1 for the root.</summary>
    public int Index { get; internal set; } = -1;

    public SectionNode? Parent { get; private set; }

    /// <summary>True for the lone h1 that names the document: left out of the paths and breadcrumbs below it.</summary>
    public bool IsDocumentTitle { get; internal set; }

    public IReadOnlyList<SectionNode> Children => children;

    /// <summary>How the node reads in a breadcrumb: a heading as written (<c>50. AI Services</c>), a clause as number and title (<c>50.12 Amazon Bedrock</c>), else its path segment (<c>(a)</c>, <c>¶ 3</c>).</summary>
    public string DisplayName => (Label, Title) switch
    {
        _ when Kind == SectionNodeKind.Heading => Text,
        (not null, not null) when Label.Contains(' ', StringComparison.Ordinal) => $"{Label} – {Title}",
        (not null, not null) => $"{Label} {Title}",
        (not null, null) => Label,
        _ => LastPathSegment,
    };

    internal string LastPathSegment
    {
        get
        {
            var at = Path.LastIndexOf(" › ", StringComparison.Ordinal);
            return at < 0 ? Path : Path[(at + 3)..];
        }
    }

    /// <summary>The enclosing nodes' display names from the top, e.g. <c>50. AI Services › 50.12 Amazon Bedrock</c>; empty at the top level.</summary>
    public string Breadcrumb
    {
        get
        {
            var names = new List<string>();
            for (var node = Parent; node is not null && node.Kind != SectionNodeKind.Root; node = node.Parent)
            {
                if (!node.IsDocumentTitle)
                {
                    names.Add(node.DisplayName);
                }
            }

            names.Reverse();
            return string.Join(" › ", names);
        }
    }

    /// <summary>The nearest title: this node's, else the closest ancestor's.</summary>
    public string? NearestTitle
    {
        get
        {
            for (var node = this; node is not null; node = node.Parent)
            {
                if (node.Title is not null && (!node.IsDocumentTitle || ReferenceEquals(node, this)))
                {
                    return node.Title;
                }
            }

            return null;
        }
    }

    public bool IsAncestorOf(SectionNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var node = other.Parent; node is not null; node = node.Parent)
        {
            if (ReferenceEquals(node, this))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>This node and everything under it, in document order.</summary>
    public IEnumerable<SectionNode> DescendantsAndSelf()
    {
        var stack = new Stack<SectionNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.children[i]);
            }
        }
    }

    /// <summary>The text of this node and its descendants, one block a line.</summary>
    public string SubtreeText()
    {
        var builder = new StringBuilder();
        foreach (var node in DescendantsAndSelf())
        {
            if (node.Kind == SectionNodeKind.Root)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(node.Text);
        }

        return builder.ToString();
    }

    internal void Add(SectionNode child)
    {
        child.Parent = this;
        children.Add(child);
    }

    public override string ToString() => $"{Kind} {Path}: {Text}";
}

/// <summary>A version parsed into sections and clauses.</summary>
public sealed class DocumentTree
{
    private Dictionary<string, SectionNode>? byPath;

    internal DocumentTree(SectionNode root, IReadOnlyList<SectionNode> nodes)
    {
        Root = root;
        Nodes = nodes;
    }

    public SectionNode Root { get; }

    /// <summary>Every node but the root, in document order (<see cref="SectionNode.Index"/> is the position here).</summary>
    public IReadOnlyList<SectionNode> Nodes { get; }

    public SectionNode? FindByPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byPath ??= Nodes.ToDictionary(node => node.Path, StringComparer.Ordinal);
        return byPath.GetValueOrDefault(path);
    }
}
