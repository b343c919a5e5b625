using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.Cli.Bench;

/// <summary>
/// The loopback web of <c>monitors bench</c>: <c>N</c> generated legal documents of about 100 KB each, spread over
/// several hosts (one port each, as a catalog spreads over sites), rendered on request from a small pool of
/// paragraphs so the server holds no page in memory and the benchmark's working set is the checker's. Switches
/// between sending no validators, sending an ETag (and answering 304), and changing one clause of every document.
/// Optionally adds hosts that accept connections and never answer.
/// </summary>
internal sealed class BenchSite : IAsyncDisposable
{
    /// <summary>Documents per host: a platform's few documents usually live on one site.</summary>
    public const int DocumentsPerHost = 5;

    private const int ParagraphsPerDocument = 170;
    private readonly LoopbackWebServer _server;
    private readonly List<TcpListener> _hanging = [];
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stopping = new();
    private volatile int _edition;
    private int _hangingConnections;
    private volatile bool _validators;

    private BenchSite(LoopbackWebServer server) => _server = server;

    /// <summary>The base URL of each answering host.</summary>
    public IReadOnlyList<Uri> Hosts => _server.BaseUrls;

    /// <summary>The base URL of each host that never answers.</summary>
    public IReadOnlyList<Uri> HangingHosts => _hanging.Select(l => new Uri($"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}/")).ToArray();

    /// <summary>Connections the hanging hosts accepted since the last call (each is one request that was never answered).</summary>
    public int TakeHangingConnections() => Interlocked.Exchange(ref _hangingConnections, 0);

    /// <summary>Send an ETag and answer a matching <c>If-None-Match</c> with 304.</summary>
    public bool Validators { get => _validators; set => _validators = value; }

    /// <summary>Each edition changes one clause of every document.</summary>
    public int Edition { get => _edition; set => _edition = value; }

    public static async Task<BenchSite> StartAsync(int hosts, int hangingHosts, CancellationToken cancellationToken)
    {
        BenchSite? site = null;
        var server = await LoopbackWebServer.StartAsync(
            app => app.MapGet("/doc/{index:int}", (int index, HttpContext context) => site!.ServeAsync(index, context)),
            Enumerable.Repeat(0, hosts).ToArray(),
            kestrel: null,
            cancellationToken);
        site = new BenchSite(server);
        for (var i = 0; i < hangingHosts; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            site._hanging.Add(listener);
            _ = site.HoldAsync(listener);
        }

        return site;
    }

    /// <summary>The URL of document <paramref name="index"/>: documents 0-4 on the first host, 5-9 on the second, and so on.</summary>
    public Uri Url(int index) => new(Hosts[index / DocumentsPerHost % Hosts.Count], $"doc/{index}");

    /// <summary>A URL on hanging host <paramref name="host"/>.</summary>
    public Uri HangingUrl(int host, int index) => new(HangingHosts[host], $"doc/{index}");

    private async Task ServeAsync(int index, HttpContext context)
    {
        var edition = _edition;
        var etag = $"\"d{index}-e{edition}\"";
        if (_validators)
        {
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        var page = BenchPages.Render(index, edition);
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, context.RequestAborted);
    }

    /// <summary>Accepts connections and never answers: a host that hangs.</summary>
    private async Task HoldAsync(TcpListener listener)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(_stopping.Token);
                Interlocked.Increment(ref _hangingConnections);
                lock (_held)
                {
                    _held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _hanging)
        {
            listener.Stop();
        }

        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        await _server.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>Deterministic pages: document <c>i</c> of edition <c>e</c> is the same bytes every time.</summary>
    internal static class BenchPages
    {
        private static readonly string[] Subjects =
        [
            "The Provider", "You", "Each party", "The Customer", "Our affiliates", "Any authorised user", "The Licensor",
            "A third-party service provider", "The account holder", "Neither party",
        ];

        private static readonly string[] Verbs =
        [
            "may collect and process", "shall not disclose", "will retain", "must promptly notify the other party of",
            "may suspend access to", "agrees to indemnify the Provider against claims arising from", "may share",
            "shall use commercially reasonable efforts to protect", "may terminate this Agreement in respect of",
            "is solely responsible for",
        ];

        private static readonly string[] Objects =
        [
            "personal data submitted through the Services", "content that you upload, post or transmit",
            "usage information, device identifiers and log data", "any confidential information received under this Agreement",
            "payment details and billing records", "outputs generated by the machine learning features",
            "communications sent through the platform", "account credentials and security keys",
            "aggregated or de-identified statistics", "any materials provided for evaluation purposes",
        ];

        private static readonly string[] Conditions =
        [
            "in accordance with applicable data protection law", "for as long as is necessary to provide the Services",
            "unless required to do so by a court order or other legal process", "subject to the limitations set out in Section 12",
            "where you have given your prior written consent", "to the extent permitted by the laws of the governing jurisdiction",
            "except as expressly permitted in the Documentation", "for the purposes of security, fraud prevention and abuse detection",
            "within thirty days after the end of the subscription term", "without prejudice to any other rights or remedies",
        ];

        private static readonly string[] Headings =
        [
            "Acceptance of these Terms", "Accounts and Registration", "Use of the Services", "Content and Licences",
            "Privacy and Data Protection", "Fees and Payment", "Confidentiality", "Intellectual Property",
            "Warranties and Disclaimers", "Limitation of Liability", "Indemnification", "Suspension and Termination",
            "Governing Law and Disputes", "Changes to these Terms", "Artificial Intelligence Features", "General Provisions",
        ];

        /// <summary>A pool of paragraphs, shared by every document; each document orders its own selection of them.</summary>
        private static readonly byte[][] Paragraphs = BuildParagraphs(400);

        private static readonly byte[] Head = Encoding.UTF8.GetBytes(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Terms</title><link rel=\"stylesheet\" href=\"/site.css\"></head><body>" +
            "<header><nav><a href=\"/\">Home</a> <a href=\"/products\">Products</a> <a href=\"/pricing\">Pricing</a> <a href=\"/legal\">Legal</a></nav></header>" +
            "<div class=\"cookie-banner\">We use cookies to improve your experience. <button>Accept</button></div><main><article>");

        private static readonly byte[] Tail = Encoding.UTF8.GetBytes(
            "</article></main><footer><p>© Example Corporation. All rights reserved.</p><nav><a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></nav></footer></body></html>");

        public static byte[] Render(int index, int edition)
        {
            var random = new Random(index * 7919 + 17);
            var amended = edition == 0 ? -1 : random.Next(ParagraphsPerDocument);
            var title = Encoding.UTF8.GetBytes($"<h1>Terms of Service of Platform {index / DocumentsPerHost}, document {index % DocumentsPerHost}</h1><p>These terms govern document number {index}.</p>");
            var picks = new int[ParagraphsPerDocument];
            var length = Head.Length + title.Length + Tail.Length;
            var headings = new byte[ParagraphsPerDocument / 10 + 1][];
            for (var i = 0; i < picks.Length; i++)
            {
                picks[i] = random.Next(Paragraphs.Length);
                length += Paragraphs[picks[i]].Length;
                if (i % 10 == 0)
                {
                    headings[i / 10] = Encoding.UTF8.GetBytes($"<h2>{i / 10 + 1}. {Headings[random.Next(Headings.Length)]}</h2>");
                    length += headings[i / 10].Length;
                }
            }

            var amendment = edition == 0 ? [] : Encoding.UTF8.GetBytes(
                $"<p>Amendment: {Subjects[edition % Subjects.Length]} {Verbs[(edition + 3) % Verbs.Length]} {Objects[(edition + 5) % Objects.Length]} {Conditions[(edition + 7) % Conditions.Length]}.</p>");
            length += amendment.Length;
            var page = new byte[length];
            var at = 0;
            Append(page, ref at, Head);
            Append(page, ref at, title);
            for (var i = 0; i < picks.Length; i++)
            {
                if (i % 10 == 0)
                {
                    Append(page, ref at, headings[i / 10]);
                }

                Append(page, ref at, Paragraphs[picks[i]]);
                if (i == amended)
                {
                    Append(page, ref at, amendment);
                }
            }

            Append(page, ref at, Tail);
            return page;
        }

        private static void Append(byte[] page, ref int at, byte[] part)
        {
            part.CopyTo(page, at);
            at += part.Length;
        }

        private static byte[][] BuildParagraphs(int count)
        {
            var random = new Random(42);
            var paragraphs = new byte[count][];
            var text = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                text.Clear().Append("<p>");
                var sentences = 3 + random.Next(3);
                for (var s = 0; s < sentences; s++)
                {
                    text.Append(Subjects[random.Next(Subjects.Length)]).Append(' ')
                        .Append(Verbs[random.Next(Verbs.Length)]).Append(' ')
                        .Append(Objects[random.Next(Objects.Length)]).Append(' ')
                        .Append(Conditions[random.Next(Conditions.Length)]).Append(". ");
                }

                paragraphs[i] = Encoding.UTF8.GetBytes(text.Append("</p>").ToString());
            }

            return paragraphs;
        }
    }
}
