using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DyT.Integration.Tests;

/// <summary>
/// What the DyT.Generated package holds and declares: the runtime for the user's code, the generator and code fixes
/// for the compiler, the .props for the build, a readme, its metadata, its symbols, and a dependency on TorchSharp's
/// managed bindings only, so the application picks its LibTorch backend.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageContentTests(PackedPackage package)
{
    // The contract assembly (attributes and enums) ships in the package once the repository has it (src/Abstractions).
    private static readonly bool HasContract = File.Exists(Path.Combine(DotNet.RepositoryRoot, "src", "Abstractions", "DyT.Abstractions.csproj"));

    [Fact]
    public void The_package_depends_on_TorchSharp_and_leaves_the_LibTorch_backend_to_the_application()
    {
        var ns = package.Metadata().Name.Namespace;
        var groups = package.Metadata().Element(ns + "dependencies")!.Elements(ns + "group").ToList();

        var group = Assert.Single(groups);
        Assert.Equal("net10.0", group.Attribute("targetFramework")?.Value);
        var dependencies = group.Elements(ns + "dependency")
            .Select(d => $"{d.Attribute("id")!.Value} {d.Attribute("version")!.Value}").Order(StringComparer.Ordinal).ToArray();
        // Exactly these: no TorchSharp-cpu/-cuda (the application's choice), no DyT.Abstractions (it ships inside).
        Assert.Equal(["System.Numerics.Tensors 10.0.0", "TorchSharp 0.107.0"], dependencies);
    }

    [Fact]
    public void The_package_holds_the_runtime_with_its_docs_the_generator_the_code_fixes_the_props_and_the_readme()
    {
        var files = package.Files();

        string[] lib = HasContract
            ? ["lib/net10.0/DyT.Abstractions.dll", "lib/net10.0/DyT.Abstractions.xml", "lib/net10.0/DyT.Runtime.dll", "lib/net10.0/DyT.Runtime.xml"]
            : ["lib/net10.0/DyT.Runtime.dll", "lib/net10.0/DyT.Runtime.xml"];
        string[] analyzers = HasContract
            ? ["analyzers/dotnet/cs/DyT.Abstractions.dll", "analyzers/dotnet/cs/DyT.CodeFixes.dll", "analyzers/dotnet/cs/DyT.Generators.dll"]
            : ["analyzers/dotnet/cs/DyT.CodeFixes.dll", "analyzers/dotnet/cs/DyT.Generators.dll"];
        Assert.Equal(lib, files.Where(f => f.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(analyzers, files.Where(f => f.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("build/DyT.Generated.props", files);
        Assert.Contains("buildTransitive/DyT.Generated.props", files);
        Assert.Contains("README.md", files);
        // The XML docs are the real ones: a public type of the runtime is documented in them.
        var docs = Encoding.UTF8.GetString(PackedPackage.Read(package.Nupkg, "lib/net10.0/DyT.Runtime.xml"));
        Assert.Contains("<member name=\"T:DyT.Norms.DynamicTanh\">", docs);
    }

    [Fact]
    public void The_package_names_its_licence_repository_and_readme()
    {
        var metadata = package.Metadata();
        var ns = metadata.Name.Namespace;
        var repositoryUrl = DotNet.Run(DotNet.RepositoryRoot, "msbuild src/Runtime/DyT.Runtime.csproj -getProperty:RepositoryUrl").Output.Trim();
        Assert.Matches(new Regex("^https://github.com/"), repositoryUrl);

        var license = metadata.Element(ns + "license")!;
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")?.Value, license.Value));
        Assert.Equal(repositoryUrl, metadata.Element(ns + "repository")?.Attribute("url")?.Value);
        Assert.Equal(repositoryUrl, metadata.Element(ns + "projectUrl")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        // The package readme tells the user to pick a backend next to this package.
        var readme = Encoding.UTF8.GetString(PackedPackage.Read(package.Nupkg, "README.md"));
        Assert.Contains("TorchSharp-cpu", readme);
    }

    [Fact]
    public void The_symbols_package_holds_the_pdb_that_the_runtime_dll_points_to()
    {
        Assert.True(File.Exists(package.Snupkg), $"expected {Path.GetFileName(package.Snupkg)} beside the package in {package.Feed}");
        var dll = PackedPackage.Read(package.Nupkg, "lib/net10.0/DyT.Runtime.dll");
        var pdb = PackedPackage.Read(package.Snupkg, "lib/net10.0/DyT.Runtime.pdb");

        using var pe = new PEReader(new MemoryStream(dll));
        var codeView = pe.ReadCodeViewDebugDirectoryData(pe.ReadDebugDirectory().Single(entry => entry.Type == DebugDirectoryEntryType.CodeView));
        using var symbols = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var pdbId = new BlobContentId(symbols.GetMetadataReader().DebugMetadataHeader!.Id);

        Assert.Equal(codeView.Guid, pdbId.Guid);
        Assert.DoesNotContain(package.Files(), file => file.EndsWith(".pdb", StringComparison.Ordinal));
    }
}
