namespace Monitors.Core.Telemetry;

/// <summary>
/// What may appear in logs and traces in place of personal data. Subscribers' addresses are personal data and logs
/// are kept (and read) far more widely than the Subscribers table, so a log line names an address only in this form.
/// </summary>
public static class LogRedaction
{
    private const string Mask = "***";

    /// <summary>
    /// <c>alice@example.com</c> → <c>a***@example.com</c>: enough to tell deliveries to different domains apart, not
    /// enough to recover the address. Anything that is not an address becomes <c>***</c>.
    /// </summary>
    public static string Email(string? address)
    {
        var trimmed = address?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Mask;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return Mask;
        }

        // A one-letter local part would be shown whole: mask it entirely.
        var shown = at > 1 ? trimmed.AsSpan(0, 1) : [];
        return string.Concat(shown, Mask, trimmed.AsSpan(at));
    }
}
