using System.Text.Json.Nodes;

namespace Monitors.Core.Tests.Catalog;

/// <summary>A throw-away <c>catalog/</c> directory under the temp folder, so error labels read <c>catalog/&lt;file&gt;</c>.</summary>
internal sealed class TempCatalog : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "monitors-catalog-tests", Guid.NewGuid().ToString("N"));

    public TempCatalog()
    {
        Directory = Path.Combine(_root, "catalog");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public TempCatalog Write(string fileName, string text)
    {
        File.WriteAllText(Path.Combine(Directory, fileName), text);
        return this;
    }

    public TempCatalog Write(string fileName, JsonNode declaration) => Write(fileName, declaration.ToJsonString(new() { WriteIndented = true }));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on clean-up.
        }
    }
}

internal static class CatalogSamples
{
    /// <summary>A valid declaration using every field; tests break one thing at a time.</summary>
    public static JsonObject Acme() => JsonNode.Parse("""
        {
          "$schema": "./platform.schema.json",
          "id": "acme",
          "name": "Acme AI",
          "url": "https://acme.example/",
          "documents": [
            {
              "id": "terms-of-service",
              "title": "Acme Terms of Service",
              "termsType": "Terms of Service",
              "fetch": "https://acme.example/legal/terms",
              "select": [ "main", { "startBefore": "#terms", "endBefore": "#terms ~ h2" } ],
              "remove": [ ".cookie-banner", "nav" ],
              "detection": { }
            },
            {
              "id": "privacy-policy",
              "title": "Acme Privacy Policy",
              "termsType": "Privacy Policy",
              "fetch": "https://acme.example/legal/privacy",
              "select": "article"
            }
          ]
        }
        """)!.AsObject();

    public static JsonObject Document(this JsonObject platform, int index) => platform["documents"]![index]!.AsObject();
}
