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
    /// <see cref="IChangeSummarizer"/>: extractive unless <c>Monitors:Summaries:Endpoint</c> is set, then an Azure OpenAI
    /// deployment (its key, or the app's Entra ID identity) with the extractive fallback. Options are validated on start.
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
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SummaryOptions>>(provider => new SummaryOptionsValidator(provider.GetService<IModelAccessToken>() is not null));
        services.TryAddSingleton<ExtractiveChangeSummarizer>();
        services.TryAddSingleton<IChangeSummarizer>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SummaryOptions>>();
            if (!options.Value.IsConfigured)
            {
                return provider.GetRequiredService<ExtractiveChangeSummarizer>();
            }

            var logger = provider.GetService<ILogger<OpenAIChangeSummarizer>>() ?? NullLogger<OpenAIChangeSummarizer>.Instance;
            var chat = OpenAIChangeSummarizer.CreateChatClient(options.Value, identity: provider.GetService<IModelAccessToken>());
            return new OpenAIChangeSummarizer(chat, options, logger);
        });
        return services;
    }
}
