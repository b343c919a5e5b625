using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Monitors.Cli.Output;

/// <summary>
/// Turns the options framework's validation and binding failures into sentences a user can act on: the setting as
/// written in appsettings.json and as an environment variable, and the rule it breaks — never the value (it may be a
/// secret) and never framework type names.
/// </summary>
internal static partial class SettingErrors
{
    public static bool IsBindingFailure(Exception e) => e is InvalidOperationException && BindingFailure().IsMatch(e.Message);

    public static string Describe(Exception exception)
    {
        var failures = Flatten(exception).SelectMany(Sentences).Distinct(StringComparer.Ordinal).ToArray();
        return failures.Length == 0
            ? "A setting is invalid: " + exception.GetBaseException().Message
            : string.Join(" ", failures) + (failures.Length == 1 ? " Fix the setting and run again." : " Fix these settings and run again.");
    }

    private static IEnumerable<Exception> Flatten(Exception exception) => exception is AggregateException aggregate
        ? aggregate.Flatten().InnerExceptions.SelectMany(Flatten)
        : [exception];

    private static IEnumerable<string> Sentences(Exception exception)
    {
        if (exception is OptionsValidationException validation)
        {
            var section = SectionOf(validation.OptionsType);
            foreach (var failure in validation.Failures)
            {
                yield return Sentence(section, failure);
            }
        }
        else if (BindingFailure().Match(exception.Message) is { Success: true } binding)
        {
            var type = binding.Groups["type"].Value;
            yield return $"Setting {Name(binding.Groups["path"].Value)} is not a valid {Friendly(type[(type.LastIndexOf('.') + 1)..])}.";
        }
        else
        {
            yield return exception.Message;
        }
    }

    private static string Sentence(string? section, string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success)
        {
            return failure.EndsWith('.') ? failure : failure + ".";
        }

        var error = match.Groups["error"].Value;
        var members = match.Groups["members"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A validator that already names its settings (IValidatableObject messages in this codebase do) says it best.
        if (section is not null && error.Contains(section, StringComparison.Ordinal))
        {
            return error;
        }

        var names = string.Join(" and ", members.Select(m => Name(section is null ? m : $"{section}:{m}")));
        return $"Setting {names} {Rule(members.FirstOrDefault() ?? string.Empty, error)}";
    }

    /// <summary>The data-annotation messages, rephrased: "The field AdminKey must be … minimum length of '16'." becomes "must be at least 16 characters long."</summary>
    private static string Rule(string member, string error)
    {
        if (MinLength().Match(error) is { Success: true } min)
        {
            return $"must be at least {min.Groups["n"].Value} characters long.";
        }

        if (MaxLength().Match(error) is { Success: true } max)
        {
            return $"must be at most {max.Groups["n"].Value} characters long.";
        }

        if (error.Contains("field is required", StringComparison.Ordinal))
        {
            return "is required.";
        }

        var rule = error.Replace($"The field {member} ", string.Empty, StringComparison.Ordinal)
            .Replace($"The {member} field ", string.Empty, StringComparison.Ordinal)
            .Replace("'", string.Empty, StringComparison.Ordinal);
        return rule.EndsWith('.') ? rule : rule + ".";
    }

    private static string Name(string path) => $"{path} (environment variable {path.Replace(":", "__", StringComparison.Ordinal)})";

    private static string Friendly(string type) => type switch
    {
        "TimeSpan" => "duration (e.g. 00:00:30)",
        "Int32" or "Int64" => "whole number",
        "Boolean" => "boolean (true or false)",
        "Uri" => "URL",
        "Double" or "Decimal" => "number",
        _ => type,
    };

    /// <summary>Options classes here name their configuration section in a <c>Section</c> or <c>SectionName</c> constant.</summary>
    private static string? SectionOf(Type? optionsType) => optionsType?
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .FirstOrDefault(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name is "Section" or "SectionName")?
        .GetRawConstantValue() as string;

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"Failed to convert configuration value (?:'.*' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BindingFailure();

    [GeneratedRegex(@"minimum length of '?(?<n>\d+)'?")]
    private static partial Regex MinLength();

    [GeneratedRegex(@"maximum length of '?(?<n>\d+)'?")]
    private static partial Regex MaxLength();
}
