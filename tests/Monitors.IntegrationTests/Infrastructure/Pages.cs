using System.Security.Cryptography;
using Monitors.Testing;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>Test pages: a document inside page chrome that changes on every request (tokens, time, attributes).</summary>
public static class Pages
{
    public static string WithChrome(string mainHtml)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return $"""
            <!doctype html><html data-r="{token}"><head><title>T</title><script>var s="{token}";</script></head>
            <body><nav><a href="/x?s={token}">Menu {token[..4]}</a></nav>
            <div class="cookie-banner">Cookies! <button>OK</button></div>
            <main data-build="{token}">{mainHtml}</main>
            <input type="hidden" name="csrf" value="{token}">
            <footer>Rendered {token}</footer></body></html>
            """;
    }

    /// <summary>A PDF of <c>tests/Shared/Pdf</c> (a data processing addendum in two editions).</summary>
    public static byte[] Pdf(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Shared", "Pdf", name));

    public static string Terms(params string[] clauses) =>
        "<h1>Terms of Service</h1>" + string.Concat(clauses.Select((c, i) => $"<h2>{i + 1}. Section {i + 1}</h2><p>{i + 1}.1. {c}</p>"));

    public static readonly string[] BaseClauses =
    [
        "You must be at least 18 years old to use the service.",
        "We may suspend accounts that violate these terms.",
        "These terms are governed by the laws of Ireland.",
    ];
}
