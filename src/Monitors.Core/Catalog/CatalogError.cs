namespace Monitors.Core.Catalog;

/// <summary>
/// One problem in a catalog file: which file, where in it (a JSON path such as <c>$.documents[1].fetch</c>),
/// what is wrong and how to fix it. Written for the operator who edits <c>catalog/</c>.
/// </summary>
public sealed record CatalogError(string File, string JsonPath, string Message, string Fix)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message} Fix: {Fix}";
}

/// <summary>The outcome of checking catalog files: every error found (none when valid) and the platforms that parsed cleanly.</summary>
public sealed record CatalogValidationResult(IReadOnlyList<CatalogError> Errors, IReadOnlyList<Platform> Platforms)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Thrown when the catalog (or one declaration) is not valid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class CatalogException : Exception
{
    public CatalogException(IReadOnlyList<CatalogError> errors)
        : base(Describe(errors)) =>
        Errors = errors;

    public CatalogException()
        : this([])
    {
    }

    public CatalogException(string message)
        : base(message) =>
        Errors = [];

    public CatalogException(string message, Exception innerException)
        : base(message, innerException) =>
        Errors = [];

    public IReadOnlyList<CatalogError> Errors { get; }

    private static string Describe(IReadOnlyList<CatalogError> errors) =>
        errors.Count switch
        {
            0 => "The catalog is not valid.",
            1 => $"The catalog has 1 error: {errors[0]}",
            _ => $"The catalog has {errors.Count} errors:{Environment.NewLine}" +
                 string.Join(Environment.NewLine, errors.Select(e => $"  {e}")),
        };
}
