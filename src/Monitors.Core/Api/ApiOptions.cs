using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Api;

/// <summary>Section <c>Monitors:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Monitors:Api";

    /// <summary>
    /// When set, a request with header <c>X-Admin-Key</c> equal to it (compared in constant time) may change tiers. In Azure
    /// the tier function also accepts a function key; locally this is the only way.
    /// </summary>
    [MinLength(16)]
    public string? AdminKey { get; set; }
}
