using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Monitors.Core.Email;

/// <summary>
/// Renders the Liquid templates embedded in this assembly (<c>Email/Templates/*.liquid</c>) with Fluid. HTML templates
/// are rendered with an HTML encoder, so every value a template prints is escaped unless the template says <c>| raw</c>
/// (none prints document text raw); text templates are rendered without encoding. Templates are parsed once.
/// </summary>
public sealed class EmailTemplates
{
    /// <summary>Escapes markup characters but keeps letters of every script readable in the source.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly FluidParser Parser = new();

    private readonly TemplateOptions _options;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    public EmailTemplates()
    {
        _options = new TemplateOptions { FileProvider = new EmbeddedTemplates() };
        _options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        foreach (var type in TemplateViews.Types)
        {
            _options.MemberAccessStrategy.Register(type);
        }
    }

    /// <summary>Renders <c>{name}.html.liquid</c> with HTML encoding of every value.</summary>
    public string RenderHtml(string name, object model) => Render($"{name}.html", model, Html);

    /// <summary>Renders <c>{name}.txt.liquid</c> as plain text.</summary>
    public string RenderText(string name, object model) => Render($"{name}.txt", model, NullEncoder.Default);

    private string Render(string name, object model, TextEncoder encoder)
    {
        var template = _parsed.GetOrAdd(name, Parse);
        var context = new TemplateContext(_options);
        context.SetValue("model", model);
        return template.Render(context, encoder);
    }

    private static IFluidTemplate Parse(string name)
    {
        var source = EmbeddedTemplates.Read(name + ".liquid")
            ?? throw new InvalidOperationException($"Template '{name}.liquid' is not embedded in Monitors.Core (Email/Templates).");
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template '{name}.liquid' does not parse: {error}");
    }

    /// <summary>The templates as a file provider, so <c>{% include '_footer.html' %}</c> works.</summary>
    private sealed class EmbeddedTemplates : IFileProvider
    {
        private const string Prefix = "Monitors.Templates.";

        public static string? Read(string fileName)
        {
            using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(Prefix + fileName);
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        public IFileInfo GetFileInfo(string subpath)
        {
            var name = subpath.TrimStart('/', '\\');
            return Read(name) is { } text ? new TemplateFile(name, text) : new NotFoundFileInfo(name);
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }

    private sealed class TemplateFile(string name, string text) : IFileInfo
    {
        public bool Exists => true;
        public long Length => System.Text.Encoding.UTF8.GetByteCount(text);
        public string? PhysicalPath => null;
        public string Name => name;
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
