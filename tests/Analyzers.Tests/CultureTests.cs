using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Analyzers.Tests;

/// <summary>
/// Every rule's message and properties (what the code fixes insert) read the same whatever the machine's culture:
/// each rule's positive case, analyzed under the invariant culture and under one with a decimal comma, a non-breaking
/// group separator and U+2212 as its minus sign.
/// </summary>
public class CultureTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(ModelAttributeAnalyzer).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    [Fact]
    public async Task Every_rules_message_and_properties_are_the_same_under_a_culture_with_a_unicode_minus()
    {
        var cases = ((System.Collections.Generic.IEnumerable<object[]>)RuleCases.All()).Select(row => (RuleCase)row[0]).ToArray();

        var invariant = await Describe(cases, CultureInfo.InvariantCulture);
        var hostile = await Describe(cases, Hostile());

        Assert.Equal(cases.Select(rule => rule.Id).Distinct().Order(), invariant.Select(line => line.Split(' ')[0]).Distinct().Order());
        Assert.Equal(invariant, hostile);
    }

    private static async Task<string[]> Describe(RuleCase[] cases, CultureInfo culture)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            var lines = new System.Collections.Generic.List<string>();
            foreach (var rule in cases)
            {
                var tree = CSharpSyntaxTree.ParseText(rule.PositiveWithoutMarkup, path: "/project/Model.cs");
                var compilation = CSharpCompilation.Create("Project", [tree], TestReferences.Metadata, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                foreach (var diagnostic in await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync())
                    lines.Add($"{diagnostic.Id} {diagnostic.GetMessage(culture)} " +
                        string.Join(";", diagnostic.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")));
            }
            return [.. lines];
        }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi); }
    }

    private static CultureInfo Hostile()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("de-DE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberGroupSeparator = "\u00A0";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        return culture;
    }
}
