using System.Linq;
using System.Reflection;

namespace DyT.Generators.Diagnostics;

/// <summary>
/// The help link of each diagnostic: its docs page in the repository. The repository's address is the one
/// <c>RepositoryUrl</c> MSBuild property of Directory.Build.props, compiled into this assembly as
/// <c>[AssemblyMetadata("RepositoryUrl", ...)]</c>; the package's repository metadata comes from the same property.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The repository's address without a trailing slash; null only in a build that did not set it.</summary>
    public static string? RepositoryUrl { get; } = typeof(HelpLinks).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "RepositoryUrl" && !string.IsNullOrEmpty(attribute.Value))?.Value?.TrimEnd('/');

    /// <summary><c>RepositoryUrl/blob/main/docs/diagnostics/DYTxxx.md</c>, or null (no link) without a repository address.</summary>
    public static string? For(string id) => RepositoryUrl is null ? null : $"{RepositoryUrl}/blob/main/docs/diagnostics/{id}.md";
}
