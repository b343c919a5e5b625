using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Changes.Diff;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Topics;

namespace Monitors.Core.Changes;

public static class ChangesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the change record pipeline: structure parser, structural differ, topic taxonomy, the
    /// <see cref="IChangeRecordBuilder"/> and the renderer. All are stateless singletons.
    /// </summary>
    public static IServiceCollection AddChangeRecords(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<DocumentStructureParser>();
        services.TryAddSingleton<StructuralDiffer>(sp => new StructuralDiffer(sp.GetRequiredService<DocumentStructureParser>()));
        services.TryAddSingleton(_ => TopicTaxonomy.Embedded);
        services.TryAddSingleton<IChangeRecordBuilder>(sp => new StructuredChangeRecordBuilder(
            sp.GetRequiredService<StructuralDiffer>(), sp.GetRequiredService<TopicTaxonomy>()));
        services.TryAddSingleton<ChangeRecordRenderer>();
        return services;
    }
}
