using AngleSharp;
using AngleSharp.Css;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Monitors.Core.Extraction;

/// <summary>
/// CSS selectors matched as <c>document.QuerySelectorAll</c> matches them (AngleSharp's own selector parser and
/// <see cref="ISelector.Match"/>, the document element as <c>:scope</c>), but all of a declaration's selectors in one
/// walk of the page, and without building a class list for every element on it.
/// </summary>
/// <remarks>
/// AngleSharp matches a class selector through <c>Element.ClassList</c>, which splits the <c>class</c> attribute of
/// every element it is asked about into a token list kept on the element: on a page of utility classes, matching
/// <c>main .toolbar</c> allocated more than the rest of the extraction. An element can only match a selector whose
/// subject requires the class <c>toolbar</c> if its <c>class</c> attribute contains that text, so the other elements
/// are ruled out by a substring test and never reach AngleSharp's matcher. The test is a necessary condition only:
/// every element that passes it is matched by AngleSharp exactly as before.
/// </remarks>
internal sealed class CssQuery
{
    private readonly ISelector _selector;

    // The subject (rightmost compound) of every alternative of the selector requires one of these classes; null when
    // some alternative requires none (a type, an attribute, a pseudo-class alone).
    private readonly string[]? _requiredClasses;

    private CssQuery(ISelector selector)
    {
        _selector = selector;
        _requiredClasses = RequiredClasses(selector);
    }

    /// <summary>Parses <paramref name="css"/> with the document's selector parser; false when it is not a valid selector.</summary>
    public static bool TryParse(IDocument document, string css, out CssQuery? query)
    {
        query = null;
        ISelector? selector;
        try
        {
            selector = document.Context.GetService<ICssSelectorParser>()?.ParseSelector(css);
        }
        catch (DomException)
        {
            return false;
        }

        if (selector is null)
        {
            return false;
        }

        query = new CssQuery(selector);
        return true;
    }

    /// <summary>
    /// Adds to <c>matches[i]</c> every element of <paramref name="document"/> that <c>queries[i]</c> matches, in
    /// document order (as <c>QuerySelectorAll</c> lists them); a null query (and its null list) is skipped.
    /// </summary>
    public static void MatchAll(IDocument document, CssQuery?[] queries, List<IElement>?[] matches)
    {
        // Class names match regardless of case only in quirks mode ("BackCompat"); elsewhere the faster ordinal test.
        var classComparison = document.CompatMode == "CSS1Compat" ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        new Walk(queries, matches, document.DocumentElement, classComparison).MatchChildren(document);
    }

    private bool Matches(IElement element, IElement? scope, StringComparison classComparison)
    {
        if (_requiredClasses is not null)
        {
            var classes = element.ClassName;
            if (classes is null || !ContainsAny(classes, _requiredClasses, classComparison))
            {
                return false;
            }
        }

        return _selector.Match(element, scope);
    }

    private static bool ContainsAny(string classes, string[] required, StringComparison comparison)
    {
        foreach (var name in required)
        {
            if (classes.Contains(name, comparison))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One walk of the page, in document order, trying every query on every element.</summary>
    private readonly record struct Walk(CssQuery?[] Queries, List<IElement>?[] Matches, IElement? Scope, StringComparison ClassComparison)
    {
        public void MatchChildren(INode parent)
        {
            var children = parent.ChildNodes;
            var count = children.Length;
            for (var i = 0; i < count; i++)
            {
                if (children[i] is not IElement element)
                {
                    continue;
                }

                for (var q = 0; q < Queries.Length; q++)
                {
                    if (Queries[q] is { } query && query.Matches(element, Scope, ClassComparison))
                    {
                        Matches[q]!.Add(element);
                    }
                }

                if (element.HasChildNodes)
                {
                    MatchChildren(element);
                }
            }
        }
    }

    private static string[]? RequiredClasses(ISelector selector)
    {
        var visitor = new SubjectClassVisitor();
        selector.Accept(visitor);
        return visitor.Result;
    }

    /// <summary>
    /// Reads the classes the subject of a selector requires from AngleSharp's selector tree: a class selector requires
    /// its class; a compound (<c>Many</c>) whatever one of its parts requires; a complex selector (<c>Combinator</c>)
    /// what its last compound requires; a list, one of what each alternative requires. Anything else requires nothing
    /// this test can see (pseudo-classes, whose arguments may be alternatives, are never looked into).
    /// </summary>
    private sealed class SubjectClassVisitor : ISelectorVisitor
    {
        public string[]? Result { get; private set; }

        public void Class(string name) => Result = name.Length > 0 ? [name] : null;

        public void Many(IEnumerable<ISelector> selectors)
        {
            Result = null;
            foreach (var part in selectors)
            {
                var required = RequiredClasses(part);
                if (required is { Length: 1 })
                {
                    Result = required;
                    return;
                }
            }
        }

        public void Combinator(IEnumerable<ISelector> selectors, IEnumerable<string> symbols) =>
            Result = selectors.LastOrDefault() is { } subject ? RequiredClasses(subject) : null;

        public void List(IEnumerable<ISelector> selectors)
        {
            var all = new List<string>();
            foreach (var alternative in selectors)
            {
                if (RequiredClasses(alternative) is not { } required)
                {
                    Result = null;
                    return;
                }

                all.AddRange(required);
            }

            Result = all.Count > 0 ? [.. all] : null;
        }

        public void Attribute(string name, string op, string? value) => Result = null;

        public void Type(string name) => Result = null;

        public void Id(string value) => Result = null;

        public void Child(string name, int step, int offset, ISelector selector) => Result = null;

        public void PseudoClass(string name) => Result = null;

        public void PseudoElement(string name) => Result = null;
    }
}
