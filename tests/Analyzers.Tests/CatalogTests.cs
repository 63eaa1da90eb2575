using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
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
        Assert.All(descriptors, descriptor => Assert.Equal($"{RepositoryUrlOfTheBuild()}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri));
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
    public void The_help_links_come_from_the_one_RepositoryUrl_of_Directory_Build_props()
    {
        var url = RepositoryUrlOfTheBuild();

        Assert.Equal(url, HelpLinks.RepositoryUrl);
        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        Assert.All(DiagnosticCatalog.All, descriptor => Assert.Equal($"{url}/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri));
    }

    [Fact]
    public void The_placement_rules_look_up_the_runtime_types_by_their_real_names()
    {
        Assert.Equal(KnownTypes.NormConversion, typeof(DyT.Norms.NormConversion).FullName);
        Assert.Equal(KnownTypes.DynamicTanh, typeof(DyT.Norms.DynamicTanh).FullName);
        Assert.Equal(KnownTypes.GroupNorm, typeof(TorchSharp.Modules.GroupNorm).FullName);
        Assert.Equal(new[] { typeof(TorchSharp.Modules.BatchNorm1d).FullName, typeof(TorchSharp.Modules.BatchNorm2d).FullName, typeof(TorchSharp.Modules.BatchNorm3d).FullName }, KnownTypes.BatchNorms);
    }

    /// <summary>The <c>RepositoryUrl</c> property as Directory.Build.props sets it: the one documented place.</summary>
    private static string RepositoryUrlOfTheBuild()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        return Assert.Single(props.Descendants("RepositoryUrl")).Value.Trim();
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "DyT.Generated.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No DyT.Generated.sln above {AppContext.BaseDirectory}");
    }
}
