using AngleSharp.Dom;

namespace Monitors.Core.Extraction;

/// <summary>
/// Regions of a page (selected or removed content) tracked during one walk of the DOM in document order.
/// Each region opens and closes at element boundaries: a CSS-matched element is the region from just before
/// it to just after it; a range selector opens before/after its start element and closes before/after its
/// end element (or never, when it has no end). <see cref="Depth"/> counts open regions, so overlapping and
/// nested regions make a union without duplicating content.
/// </summary>
internal sealed class ContentRegions
{
    private const byte NotStarted = 0;
    private const byte Open = 1;
    private const byte Closed = 2;

    private readonly Dictionary<IElement, RegionMark> _marks = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte> _rangeStates = [];

    /// <summary>How many regions are open at the current point of the walk.</summary>
    public int Depth { get; private set; }

    /// <summary>Changes every time the walk enters or leaves the union of regions.</summary>
    public int Epoch { get; private set; }

    /// <summary>The boundary mark of <paramref name="element"/>, if a region starts or ends at it or inside it.</summary>
    /// <remarks>An element without a mark holds no boundary, so the walk may skip it whole when no region is open.</remarks>
    public RegionMark? Find(IElement element) => _marks.GetValueOrDefault(element);

    /// <summary>Adds the region covering exactly <paramref name="element"/> (a CSS match).</summary>
    public void AddElement(IElement element) => MarkBoundary(element).Elements++;

    /// <summary>Adds a range region; with no <paramref name="end"/> it runs to the end of the page.</summary>
    public void AddRange(IElement start, bool startBefore, IElement? end, bool endBefore)
    {
        var range = _rangeStates.Count;
        _rangeStates.Add(NotStarted);

        var startMark = MarkBoundary(start);
        if (startBefore)
        {
            (startMark.StartsOnEnter ??= []).Add(range);
        }
        else
        {
            (startMark.StartsOnLeave ??= []).Add(range);
        }

        if (end is null)
        {
            return;
        }

        var endMark = MarkBoundary(end);
        if (endBefore)
        {
            (endMark.EndsOnEnter ??= []).Add(range);
        }
        else
        {
            (endMark.EndsOnLeave ??= []).Add(range);
        }
    }

    /// <summary>The walk reaches the point just before the marked element.</summary>
    public void Enter(RegionMark mark)
    {
        Apply(mark.EndsOnEnter, mark.StartsOnEnter);
        Move(mark.Elements);
    }

    /// <summary>The walk reaches the point just after the marked element.</summary>
    public void Leave(RegionMark mark)
    {
        Move(-mark.Elements);
        Apply(mark.EndsOnLeave, mark.StartsOnLeave);
    }

    // At one point, regions that end there close before regions that start there open: two ranges that
    // merely touch stay two ranges, as two DOM ranges would.
    private void Apply(List<int>? ends, List<int>? starts)
    {
        if (ends is not null)
        {
            foreach (var range in ends)
            {
                var state = _rangeStates[range];
                if (state == Open)
                {
                    Move(-1);
                }

                // An end reached before its start collapses the range to nothing, as with a DOM Range.
                _rangeStates[range] = Closed;
            }
        }

        if (starts is not null)
        {
            foreach (var range in starts)
            {
                if (_rangeStates[range] == NotStarted)
                {
                    _rangeStates[range] = Open;
                    Move(1);
                }
            }
        }
    }

    private void Move(int delta)
    {
        if (delta == 0)
        {
            return;
        }

        var wasOpen = Depth > 0;
        Depth += delta;
        if (wasOpen != Depth > 0)
        {
            Epoch++;
        }
    }

    private RegionMark MarkBoundary(IElement element)
    {
        if (!_marks.TryGetValue(element, out var mark))
        {
            mark = new RegionMark();
            _marks.Add(element, mark);
        }

        // Ancestors get an empty mark so the walk does not skip the subtree that holds the boundary.
        for (var ancestor = element.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
        {
            if (_marks.ContainsKey(ancestor))
            {
                break;
            }

            _marks.Add(ancestor, new RegionMark());
        }

        return mark;
    }
}

/// <summary>What happens to the regions at one element's boundaries.</summary>
internal sealed class RegionMark
{
    /// <summary>Regions covering exactly this element (CSS matches).</summary>
    public int Elements { get; set; }

    public List<int>? StartsOnEnter { get; set; }

    public List<int>? EndsOnEnter { get; set; }

    public List<int>? StartsOnLeave { get; set; }

    public List<int>? EndsOnLeave { get; set; }
}
