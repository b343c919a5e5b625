using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Finds link targets in canonical text (<c>[text](url)</c>, and <c>&lt;scheme:…&gt;</c> autolinks that other Markdown
/// sources use) and rewrites them. Shared by the link rules. A hand-written scanner: link-heavy pages hold thousands.
/// </summary>
internal static class LinkTargets
{
    /// <summary>Rule <see cref="NormalizationRule.LinkTargets"/>: tracking ids and fragments in links are not edits of the document.</summary>
    public static string Apply(string text) => Rewrite(text, StripQueryAndFragment);

    internal static string Rewrite(string text, Func<string, string> rewriteTarget)
    {
        PooledText? builder = null;
        var copied = 0;
        var position = 0;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(']', '<');
            if (found < 0)
                break;
            var at = position + found;
            var (start, end) = text[at] == ']' ? InlineTarget(text, at) : AutolinkTarget(text, at);
            if (start < 0)
            {
                position = at + 1;
                continue;
            }

            var url = text[start..end];
            var rewritten = rewriteTarget(url);
            if (!string.Equals(rewritten, url, StringComparison.Ordinal))
            {
                builder ??= new PooledText(text.Length);
                builder.Append(text.AsSpan(copied, start - copied)).Append(rewritten);
                copied = end;
            }

            position = end;
        }

        if (builder is null)
            return text;
        return builder.Append(text.AsSpan(copied)).ToStringAndReturn();
    }

    internal static string StripQueryAndFragment(string url)
    {
        var cut = url.AsSpan().IndexOfAny('?', '#');
        return cut < 0 ? url : url[..cut];
    }

    /// <summary>The target span after <c>](</c>: up to the closing parenthesis, allowing one level of balanced parentheses and an optional "title".</summary>
    private static (int Start, int End) InlineTarget(string text, int bracket)
    {
        var start = bracket + 2;
        if (start > text.Length || text[bracket + 1] != '(')
            return (-1, -1);

        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '(':
                    if (++depth > 1)
                        return (-1, -1);
                    break;
                case ')' when depth > 0:
                    depth--;
                    break;
                case ')':
                    return (start, i);
                case ' ' when depth == 0 && HasTitle(text, i):
                    return (start, i);
                case '\n':
                    return (-1, -1);
                default:
                    if (char.IsWhiteSpace(c))
                        return (-1, -1);
                    break;
            }
        }

        return (-1, -1);
    }

    private static bool HasTitle(string text, int space)
    {
        var open = space + 1;
        if (open >= text.Length || text[open] != '"')
            return false;
        var close = text.IndexOf('"', open + 1);
        return close > 0 && close + 1 < text.Length && text[close + 1] == ')' && text.AsSpan(open, close - open).IndexOf('\n') < 0;
    }

    /// <summary>The target span of <c>&lt;scheme:…&gt;</c>.</summary>
    private static (int Start, int End) AutolinkTarget(string text, int angle)
    {
        var start = angle + 1;
        var i = start;
        if (i >= text.Length || !char.IsAsciiLetter(text[i]))
            return (-1, -1);
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '.' or '-'))
            i++;
        if (i >= text.Length || text[i] != ':')
            return (-1, -1);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '>')
                return (start, i);
            if (c == '<' || char.IsWhiteSpace(c))
                return (-1, -1);
        }

        return (-1, -1);
    }
}
