using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace DyT.Analyzers.Tests;

/// <summary>
/// What the test sources compile against: the running framework's assemblies (no reference-assembly download, so the
/// tests work offline) plus DyT.Abstractions (the attributes), DyT.Runtime and TorchSharp, the assemblies users of the attributes reference.
/// </summary>
internal static class TestReferences
{
    /// <summary>No reference-assembly package: the framework comes from <see cref="Metadata"/>.</summary>
    public static ReferenceAssemblies Assemblies { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> Metadata { get; } = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"));
        // The contract (DyT.Abstractions), the runtime and TorchSharp: what a user project of the attributes references.
        var runtime = new[] { typeof(DyT.NormKind).Assembly.Location, typeof(DyT.Norms.DynamicTanh).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location };
        return platform.Concat(runtime).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}
