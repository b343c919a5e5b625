using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Cli.Api;

/// <summary>Local conveniences for the commands that issue or check subscriber links when no settings are given.</summary>
internal static class LocalSigningKey
{
    /// <summary>Setting naming the file of the local key; the CLI defaults it to <c>./.monitors/signing-key</c>.</summary>
    public const string FileSetting = "Monitors:Tokens:LocalKeyFile";

    /// <summary>
    /// Without <c>Monitors__Tokens__SigningKey</c>, the key in the local key file (setting <see cref="FileSetting"/>),
    /// created with 48 random bytes the first time. Every local command — <c>demo</c>, <c>subscribers</c>, <c>digest</c>
    /// and <c>serve</c> — signs with that one key, so a link in an email the demo wrote still works while
    /// <c>serve</c> runs, and after a restart. <paramref name="used"/> is told the file, so the command can say so.
    /// Never used when a key is set.
    /// </summary>
    public static IServiceCollection AddLocalSigningKeyIfMissing(this IServiceCollection services, Action<string> used) =>
        services.AddOptions<TokenOptions>().PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(o.SigningKey))
            {
                var file = configuration[FileSetting] ?? Path.Combine(Directory.GetCurrentDirectory(), ".monitors", "signing-key");
                o.SigningKey = ReadOrCreate(file);
                used(file);
            }
        }).Services;

    /// <summary>The key in <paramref name="file"/>; creates it (readable by its owner only) when absent or too short to use.</summary>
    public static string ReadOrCreate(string file)
    {
        var existing = File.Exists(file) ? File.ReadAllText(file).Trim() : string.Empty;
        if (existing.Length >= TokenOptions.MinimumKeyLength)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        // Written to a temporary file and moved into place, so two commands starting together never read half a key;
        // whichever moves last wins, and both then read the same file.
        var temporary = file + "." + Environment.ProcessId + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(key);
        }

        File.Move(temporary, file, overwrite: true);
        return File.ReadAllText(file).Trim();
    }

    /// <summary>Links in emails point at <paramref name="baseUrl"/> unless <c>Monitors__PublicBaseUrl</c> is set.</summary>
    public static IServiceCollection UsePublicBaseUrlIfMissing(this IServiceCollection services, string baseUrl) =>
        services.AddOptions<PublicSiteOptions>().PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(configuration[$"{PublicSiteOptions.Section}:{nameof(PublicSiteOptions.PublicBaseUrl)}"]))
            {
                o.PublicBaseUrl = baseUrl;
            }
        }).Services;

    public static string Notice(string file) =>
        $"{AppSettings.TokenSigningKey} is not set: links in emails are signed with the local key in {file} (every local command uses it; delete the file to void them).";
}
