using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitors.Core.Changes.Diff;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Summaries;
using Monitors.Core.Changes.Topics;

namespace Monitors.Core.Changes;

public static class ChangesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the change record pipeline: structure parser, structural differ, topic taxonomy, the
    /// <see cref="IChangeRecordBuilder"/> and the renderer, all stateless singletons; and the
    /// <see cref="IChangeSummarizer"/>: extractive unless <c>Monitors:Summaries:Endpoint</c> and
    /// <c>Monitors:Summaries:ApiKey</c> are configured, then an Azure OpenAI deployment with the extractive fallback.
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

        services.AddOptions<SummaryOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(SummaryOptions.Section).Bind(options))
            .ValidateDataAnnotations();
        services.TryAddSingleton<ExtractiveChangeSummarizer>();
        services.TryAddSingleton<IChangeSummarizer>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SummaryOptions>>();
            if (!options.Value.IsConfigured)
            {
                return provider.GetRequiredService<ExtractiveChangeSummarizer>();
            }

            var logger = provider.GetService<ILogger<OpenAIChangeSummarizer>>() ?? NullLogger<OpenAIChangeSummarizer>.Instance;
            return new OpenAIChangeSummarizer(OpenAIChangeSummarizer.CreateChatClient(options.Value), options, logger);
        });
        return services;
    }
}
