using Monitors.Core.Catalog;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>Tells the operator, once, that a document needs attention, and once more when tracking resumes.</summary>
public interface IOperatorNotifier
{
    Task NeedsAttentionAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default);

    Task TrackingResumedAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default);
}
