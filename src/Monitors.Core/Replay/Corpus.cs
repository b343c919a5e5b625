using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitors.Core.Replay;

/// <summary>
/// A labelled corpus of real document histories in the format of <c>../shared/corpus</c>: one folder per document with
/// <c>versions/NNNN.md</c> and a <c>manifest.json</c> labelling each transition (first, substantive, noise, error-page,
/// recovery, technical). Read by <see cref="CorpusReader"/>, the one reader of both corpora (the CLI's replay, the tests).
/// </summary>
public sealed record CorpusDocument(string Slug, string Directory, string Service, string TermsType, IReadOnlyList<CorpusVersion> Versions)
{
    /// <summary>The text of a version (<paramref name="file"/> as in <see cref="CorpusVersion.File"/>).</summary>
    public string ReadVersion(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <inheritdoc cref="ReadVersion"/>
    public Task<string> ReadVersionAsync(string file, CancellationToken cancellationToken = default) =>
        File.ReadAllTextAsync(Path.Combine(Directory, file), cancellationToken);
}

/// <param name="File">Path relative to the document folder, e.g. <c>versions/0007.md</c>.</param>
/// <param name="Label">The transition from the previous version to this one.</param>
/// <param name="ComparedWith">The version the label was judged against (the last good one; error pages are skipped), when not the first.</param>
/// <param name="Subject">The source commit's subject line.</param>
public sealed record CorpusVersion(string File, DateTimeOffset Date, string Label, string? Note, string? ComparedWith = null, string? Subject = null);

public static class CorpusLabels
{
    public const string First = "first";
    public const string Substantive = "substantive";
    public const string Noise = "noise";
    public const string ErrorPage = "error-page";
    public const string Recovery = "recovery";
    public const string Technical = "technical";
}

public static class CorpusReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads every document folder (one holding <c>manifest.json</c>), optionally only the given slugs, in slug order.</summary>
    /// <exception cref="DirectoryNotFoundException">The corpus folder does not exist.</exception>
    /// <exception cref="ArgumentException">A requested slug is not in the corpus.</exception>
    public static IReadOnlyList<CorpusDocument> Read(string corpusDirectory, IReadOnlyCollection<string>? slugs = null)
    {
        if (!System.IO.Directory.Exists(corpusDirectory))
        {
            throw new DirectoryNotFoundException($"Corpus folder '{Path.GetFullPath(corpusDirectory)}' does not exist. Pass the folder that holds one sub-folder per document (e.g. ../shared/corpus).");
        }

        var all = System.IO.Directory.GetDirectories(corpusDirectory)
            .Where(d => File.Exists(Path.Combine(d, "manifest.json")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToDictionary(d => Path.GetFileName(d)!, StringComparer.Ordinal);
        if (slugs is { Count: > 0 })
        {
            var unknown = slugs.Where(s => !all.ContainsKey(s)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException($"Not in the corpus: {string.Join(", ", unknown)}. Known documents: {string.Join(", ", all.Keys)}.", nameof(slugs));
            }
        }

        return all.Where(kv => slugs is not { Count: > 0 } || slugs.Contains(kv.Key)).Select(kv => ReadDocument(kv.Key, kv.Value)).ToArray();
    }

    private static CorpusDocument ReadDocument(string slug, string directory)
    {
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(Path.Combine(directory, "manifest.json")), Json)
            ?? throw new InvalidDataException($"{directory}/manifest.json is empty.");
        var versions = manifest.Versions.Select(v => new CorpusVersion(v.File, v.Date, v.Label, v.Note, v.ComparedWith, v.Subject)).ToArray();
        return new CorpusDocument(slug, directory, manifest.Service ?? slug, manifest.TermsType ?? "Terms of Service", versions);
    }

    private sealed record Manifest(string? Service, string? TermsType, IReadOnlyList<ManifestVersion> Versions);

    private sealed record ManifestVersion(string File, DateTimeOffset Date, string Label, string? Note, [property: JsonPropertyName("comparedWith")] string? ComparedWith, string? Subject);
}
