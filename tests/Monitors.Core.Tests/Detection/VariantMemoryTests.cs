using Monitors.Core.Detection;

namespace Monitors.Core.Tests.Detection;

public sealed class VariantMemoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Remember_ServedAgain_KeepsFirstSeenAndMovesLastSeen()
    {
        var variants = VariantMemory.Remember([], "v1", "n1", Start);
        variants = VariantMemory.Remember(variants, "v2", "n2", Start.AddDays(1));
        variants = VariantMemory.Remember(variants, "v1-again", "n1", Start.AddDays(2));

        Assert.Equal(["n2", "n1"], variants.Select(v => v.NormalizedHash));
        var first = VariantMemory.Find(variants, "n1")!;
        Assert.Equal("v1", first.VersionId); // the archived version of the variant stays the one to diff against
        Assert.Equal(Start, first.FirstSeen);
        Assert.Equal(Start.AddDays(2), first.LastSeen);
        Assert.Null(VariantMemory.Find(variants, "n3"));
    }

    [Fact]
    public void Remember_BeyondCapacity_ForgetsTheLeastRecentlySeen()
    {
        IReadOnlyList<RememberedVariant> variants = [];
        for (var i = 0; i < VariantMemory.Capacity + 2; i++)
        {
            variants = VariantMemory.Remember(variants, $"v{i}", $"n{i}", Start.AddHours(i));
        }

        Assert.Equal(VariantMemory.Capacity, variants.Count);
        Assert.Null(VariantMemory.Find(variants, "n0"));
        Assert.Null(VariantMemory.Find(variants, "n1"));
        Assert.NotNull(VariantMemory.Find(variants, $"n{VariantMemory.Capacity + 1}"));
    }

    [Fact]
    public void Remember_VariantUnseenForMaxAge_IsForgotten()
    {
        var variants = VariantMemory.Remember([], "v1", "n1", Start);
        variants = VariantMemory.Remember(variants, "v2", "n2", Start + VariantMemory.MaxAge + TimeSpan.FromDays(1));

        Assert.Null(VariantMemory.Find(variants, "n1"));
        Assert.Single(variants);
    }

    [Fact]
    public void Nearest_PicksTheVariantSharingMostBlocks()
    {
        string[] shortVariant = ["# Terms", "1. Be nice.", "2. Pay on time."];
        string[] longVariant = ["# FAQ", "Q1", "A1", "Q2", "A2", "# Terms", "1. Be nice.", "2. Pay on time."];
        string[] editedShort = ["# Terms", "1. Be nice.", "2. Pay within 30 days."];

        Assert.Equal(1, VariantMemory.Nearest(editedShort, [longVariant, shortVariant]));
        Assert.Equal(0, VariantMemory.Nearest(longVariant, [longVariant, shortVariant]));
        Assert.Equal(-1, VariantMemory.Nearest(editedShort, []));
    }

    [Fact]
    public void HunkKeys_ShowingAndHidingABlock_AreTwoKeys_ShowingAgainIsTheSameKey()
    {
        string[] without = ["# Terms", "1. Be nice.", "2. Pay on time."];
        string[] with = ["EU users: see the DSA guidance.", "# Terms", "1. Be nice.", "2. Pay on time."];
        string[] editedWith = ["EU users: see the DSA guidance.", "# Terms", "1. Be kind.", "2. Pay on time."];
        string[] edited = ["# Terms", "1. Be kind.", "2. Pay on time."];

        var shown = VariantMemory.HunkKeys(without, with);
        var hidden = VariantMemory.HunkKeys(with, without);

        Assert.Single(shown);
        Assert.Single(hidden);
        Assert.NotEqual(shown, hidden); // the first time a block goes away after it came is news
        Assert.Equal(shown, VariantMemory.HunkKeys(edited, editedWith)); // the same block shown on an edited variant
        Assert.Empty(VariantMemory.HunkKeys(with, with));
    }

    [Fact]
    public void HunkKeys_SameBlockOrAnotherEdit_AreDifferentKeys()
    {
        string[] text = ["# Terms", "1. Be nice.", "2. Pay on time."];
        var notice = VariantMemory.HunkKeys(text, ["Notice.", .. text]);
        var edit = VariantMemory.HunkKeys(text, ["# Terms", "1. Be kind.", "2. Pay on time."]);

        Assert.NotEqual(notice, edit);
        Assert.False(VariantMemory.OnlyKnownChanges(edit, notice));
    }

    [Fact]
    public void OnlyKnownChanges_AllKnown_IsTrue_NoneOrSomeUnknown_IsFalse()
    {
        Assert.True(VariantMemory.OnlyKnownChanges(["a", "b"], ["b", "a", "c"]));
        Assert.False(VariantMemory.OnlyKnownChanges(["a", "d"], ["a", "b"]));
        Assert.False(VariantMemory.OnlyKnownChanges([], ["a"])); // no difference at all is not a toggle
    }

    [Fact]
    public void MoveKey_DependsOnDirection()
    {
        Assert.NotEqual(VariantMemory.MoveKey("a", "b"), VariantMemory.MoveKey("b", "a"));
        Assert.Equal(VariantMemory.MoveKey("a", "b"), VariantMemory.MoveKey("a", "b"));
    }

    [Fact]
    public void AddToggles_IsBoundedAndKeepsTheNewest()
    {
        IReadOnlyList<string> toggles = [];
        for (var i = 0; i < VariantMemory.ToggleCapacity + 10; i++)
        {
            toggles = VariantMemory.AddToggles(toggles, [$"k{i}"]);
        }

        toggles = VariantMemory.AddToggles(toggles, ["k20", "k20"]);

        Assert.Equal(VariantMemory.ToggleCapacity, toggles.Count);
        Assert.DoesNotContain("k0", toggles);
        Assert.Equal("k20", toggles[^1]);
        Assert.Single(toggles, k => k == "k20");
    }

    [Fact]
    public void Blocks_AreTheNonEmptyLines()
    {
        Assert.Equal(["# Terms", "1. Be nice."], VariantMemory.Blocks("# Terms\n\n  1. Be nice.  \n\n"));
    }
}
