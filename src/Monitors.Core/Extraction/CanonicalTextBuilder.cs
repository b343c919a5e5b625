using System.Buffers;
using System.Text;

namespace Monitors.Core.Extraction;

/// <summary>
/// Writes canonical text line by line into one buffer. A line is opened lazily, by its
/// first visible character, so elements that hold no text leave nothing behind (no empty headings, items or
/// rows). Whitespace is collapsed as it is written; lines are never left with leading or trailing spaces.
/// </summary>
internal sealed class CanonicalTextBuilder
{
    private readonly PooledText _text = new();

    // Template of the next line to open: its prefix ("## ", "  - ", "1. ", "") and its group. Lines of one
    // group (a list with its nested lists, a table) follow each other on consecutive lines; anything else is
    // separated by one blank line. Group 0 is "no group".
    private string _prefix = string.Empty;
    private int _group;

    private bool _lineOpen;
    private int _lastGroup = -1;
    private bool _pendingSpace;
    private bool _segmentHasText;

    private string? _linkUrl;
    private bool _linkTextStarted;

    private bool _inRow;
    private bool _inCell;
    private bool _rowHasText;
    private int _rowStart;
    private int _groupBeforeRow;

    public bool InRow => _inRow;

    /// <summary>Ends the current line; the next visible text opens a line with <paramref name="prefix"/>.</summary>
    public void BreakLine(string prefix, int group)
    {
        CloseLink();
        _lineOpen = false;
        _pendingSpace = false;
        _prefix = prefix;
        _group = group;
    }

    /// <summary>A word boundary (inline <c>br</c>, or a block boundary inside a line that is flattened).</summary>
    public void Space() => _pendingSpace = true;

    public void BeginLink(string url)
    {
        _linkUrl = url;
        _linkTextStarted = false;
    }

    public void EndLink() => CloseLink();

    /// <summary>Starts a table row. Written eagerly and rolled back by <see cref="EndRow"/> when no cell held text.</summary>
    public void BeginRow(int group)
    {
        BreakLine(string.Empty, group);
        _rowStart = _text.Length;
        _groupBeforeRow = _lastGroup;
        AppendSeparator(group);
        _text.Append('|');
        _lastGroup = group;
        _lineOpen = true;
        _inRow = true;
        _rowHasText = false;
    }

    public void BeginCell()
    {
        _inCell = true;
        _text.Append(' ');
        _segmentHasText = false;
        _pendingSpace = false;
    }

    public void EndCell()
    {
        CloseLink();
        _text.Append(_segmentHasText ? " |" : "|");
        _rowHasText |= _segmentHasText;
        _inCell = false;
        _pendingSpace = false;
    }

    public void EndRow()
    {
        if (!_rowHasText)
        {
            _text.Length = _rowStart;
            _lastGroup = _groupBeforeRow;
        }

        _inRow = false;
        _lineOpen = false;
        _pendingSpace = false;
    }

    /// <summary>Appends text from the page: Unicode spaces collapse to one space, invisible characters are dropped.</summary>
    public void AppendText(string data)
    {
        // Text between the cells of a row (whitespace only, in a parsed document) belongs to no cell.
        if (_inRow && !_inCell)
        {
            return;
        }

        var span = data.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (IsPlain(c))
            {
                var start = i;
                i = EndOfRun(span, i + 1);
                AppendVisible(span[start..i]);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
            }

            // Anything else that is not plain is invisible (zero-width, soft hyphen, control): dropped.
            i++;
        }
    }

    /// <summary>
    /// The end of a run of words that is written as it stands: visible characters, and single ASCII spaces each followed by
    /// a visible character. Writing the run whole is what writing it word by word would do (each space between words
    /// becomes one space), in one copy instead of one per word; printable ASCII is skipped many characters at a time.
    /// Anything else (a second space, another whitespace, an invisible character) ends the run.
    /// </summary>
    private static int EndOfRun(ReadOnlySpan<char> span, int i)
    {
        while (i < span.Length)
        {
            var printable = span[i..].IndexOfAnyExceptInRange('!', '~');
            if (printable < 0)
            {
                return span.Length;
            }

            i += printable;
            var c = span[i];
            if (c == ' ' && i + 1 < span.Length && IsPlain(span[i + 1]))
            {
                i += 2;
            }
            else if (c >= 0x80 && IsPlain(c))
            {
                i++;
            }
            else
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>The canonical text (one final <c>\n</c>, NFC), or <c>null</c> when nothing visible was written.</summary>
    public string? Complete()
    {
        CloseLink();
        if (_text.Length == 0)
        {
            _text.Return();
            return null;
        }

        _text.Append('\n');
        var text = _text.ToStringAndReturn();
        return IsSurelyNfc(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// NFC's quick check, for the characters legal text is made of, without calling ICU: below U+0300 and in General
    /// Punctuation after its two canonical singletons (U+2002–U+206F: dashes, quotes, bullets, spaces), every character
    /// is NFC_QC=Yes with combining class 0, so a text of only those is in NFC. Anything else is left to
    /// <see cref="string.IsNormalized(NormalizationForm)"/>.
    /// </summary>
    internal static bool IsSurelyNfc(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var beyond = text.IndexOfAnyInRange('\u0300', '\uFFFF');
            if (beyond < 0)
            {
                return true;
            }

            if (text[beyond] is < '\u2002' or > '\u206F')
            {
                return false;
            }

            text = text[(beyond + 1)..];
        }
    }

    private void AppendVisible(ReadOnlySpan<char> run)
    {
        if (!_lineOpen)
        {
            AppendSeparator(_group);
            _text.Append(_prefix);
            _lastGroup = _group;
            _lineOpen = true;
            _segmentHasText = false;
        }

        if (_pendingSpace && _segmentHasText)
        {
            _text.Append(' ');
        }

        _pendingSpace = false;
        if (_linkUrl is not null && !_linkTextStarted)
        {
            _text.Append('[');
            _linkTextStarted = true;
        }

        _text.Append(run);
        _segmentHasText = true;
    }

    private void AppendSeparator(int group)
    {
        if (_text.Length == 0)
        {
            return;
        }

        _text.Append(group != 0 && group == _lastGroup ? "\n" : "\n\n");
    }

    private void CloseLink()
    {
        if (_linkUrl is not null && _linkTextStarted)
        {
            _text.Append("](").Append(_linkUrl).Append(')');
        }

        _linkUrl = null;
        _linkTextStarted = false;
    }

    /// <summary>A character written as is: not whitespace, not invisible. ASCII is decided without a table lookup.</summary>
    private static bool IsPlain(char c)
    {
        if (c < 0x80)
        {
            return c > ' ' && c != '\u007F';
        }

        return !char.IsWhiteSpace(c) && !IsInvisible(c);
    }

    // Zero-width characters and the soft hyphen render as nothing; C1 controls never render.
    private static bool IsInvisible(char c) =>
        c is '\u00AD' or (>= '\u200B' and <= '\u200D') or '\u2060' or '\uFEFF' or (>= '\u0080' and <= '\u009F');
}

/// <summary>
/// The text being written, in a buffer rented from <see cref="ArrayPool{T}.Shared"/>: a page's text (often hundreds of
/// KB) is written with no garbage but the finished string. A <see cref="StringBuilder"/> allocated a new chunk for every
/// 8,000 characters, which made the walk the largest source of garbage collections after the parse.
/// </summary>
internal sealed class PooledText
{
    private const int InitialSize = 16 * 1024;

    private char[] _buffer;
    private int _length;

    public PooledText()
        : this(InitialSize)
    {
    }

    /// <param name="capacity">The length expected (a text rewritten in place: the text's own length), so the buffer is rented once.</param>
    public PooledText(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
    }

    /// <summary>The number of characters written; set it lower to drop what was written after that point.</summary>
    public int Length
    {
        get => _length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _length);
            _length = value;
        }
    }

    public PooledText Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
        return this;
    }

    public PooledText Append(string text) => Append(text.AsSpan());

    public PooledText Append(ReadOnlySpan<char> text)
    {
        if (_buffer.Length - _length < text.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    /// <summary>The text written, and the buffer goes back to the pool: nothing may be written after this.</summary>
    public string ToStringAndReturn()
    {
        var text = new string(_buffer, 0, _length);
        Return();
        return text;
    }

    public void Return()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
