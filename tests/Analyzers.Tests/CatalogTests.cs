using System;
using System.IO;
using System.Linq;
using System.Reflection;
using DyT.Generators.Analyzers;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Analyzers.Tests;

/// <summary>
/// Every id in <see cref="DiagnosticIds"/> must have a descriptor, a docs page, a release-tracking entry and an analyzer
/// that reports it, so an id a validator adds can never reach users without them.
/// </summary>
public class CatalogTests
{
    private static readonly string[] Ids = typeof(DiagnosticIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    public static TheoryData<string> AllIds() => [.. Ids];

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Every_id_has_a_descriptor_with_a_help_link_to_its_docs_page(string id)
    {
        var descriptors = DiagnosticCatalog.All.Where(descriptor => descriptor.Id == id).ToArray();

        Assert.True(descriptors.Length > 0, $"{id} is in DiagnosticIds but has no descriptor in DiagnosticCatalog.All");
        Assert.All(descriptors, descriptor => Assert.Equal(DiagnosticCatalog.DocsBase + id + ".md", descriptor.HelpLinkUri));
        var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no docs page; expected {page}");
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Every_id_is_in_the_release_tracking_files(string id)
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Generators");
        var tracked = File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Shipped.md")) + File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Unshipped.md"));

        Assert.True(tracked.Contains(id + " |", StringComparison.Ordinal), $"{id} is missing from AnalyzerReleases.*.md in {folder}");
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Every_id_is_reported_by_some_analyzer(string id)
    {
        var supported = typeof(ModelAttributeAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .Select(descriptor => descriptor.Id);

        Assert.Contains(id, supported);
    }

    [Fact]
    public void Runtime_enum_values_match_the_rules_constants()
    {
        Assert.Equal(KnownTypes.NormDyT, (int)DyT.NormKind.DyT);
        Assert.Equal(KnownTypes.ArchitectureLlama, (int)DyT.Architecture.Llama);
        Assert.Equal(KnownTypes.ArchitectureDiT, (int)DyT.Architecture.DiT);
        Assert.Equal(KnownTypes.ConvArchitectureResNet, (int)DyT.ConvArchitecture.ResNet);
        Assert.Equal("DyT.Norms.NormConversion", typeof(DyT.Norms.NormConversion).FullName);
        Assert.Equal("DyT.ConvNetAttribute", typeof(DyT.ConvNetAttribute).FullName);
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "DyT.Generated.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No DyT.Generated.sln above {AppContext.BaseDirectory}");
    }
}
