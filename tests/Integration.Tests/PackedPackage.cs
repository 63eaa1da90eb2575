using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace DyT.Integration.Tests;

/// <summary>
/// DyT.Generated packed once (with <c>dotnet pack --no-build</c>, from this build's outputs) into a local folder feed,
/// shared by the tests that read the package and by the one that consumes it. Removed afterwards, with its entry in the
/// machine's package cache.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "the packed DyT.Generated";
}

/// <summary>The package itself: see <see cref="PackedPackageCollection"/>.</summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), "dyt-it-" + Guid.NewGuid().ToString("N")[..8]);

    public PackedPackage()
    {
        Feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        var pack = DotNet.Run(DotNet.RepositoryRoot,
            $"pack src/Runtime/DyT.Runtime.csproj -c {DotNet.Configuration} --no-build -o \"{Feed}\" -p:Version={Version}");
        if (pack.ExitCode != 0)
            throw new InvalidOperationException($"dotnet pack failed with exit code {pack.ExitCode}:\n{pack.Output}");
        Nupkg = Path.Combine(Feed, $"DyT.Generated.{Version}.nupkg");
        Snupkg = Path.Combine(Feed, $"DyT.Generated.{Version}.snupkg");
        if (!File.Exists(Nupkg))
            throw new InvalidOperationException($"expected {Path.GetFileName(Nupkg)} in {Feed}; got: {string.Join(", ", Directory.GetFiles(Feed).Select(Path.GetFileName))}");
    }

    /// <summary>A version no earlier run used, so restore can never take a stale copy from the machine's package cache.</summary>
    public string Version { get; } = "0.1.0-it." + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The folder feed holding the .nupkg and the .snupkg.</summary>
    public string Feed { get; }

    public string Nupkg { get; }

    public string Snupkg { get; }

    /// <summary>A folder for a test's own files, removed with the package.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(work, name)).FullName;

    /// <summary>Every file path inside the .nupkg, '/'-separated as NuGet stores them.</summary>
    public IReadOnlyList<string> Files()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        return zip.Entries.Select(entry => entry.FullName).ToList();
    }

    /// <summary>The package's .nuspec (its metadata element holds id, licence, dependencies, ...).</summary>
    public XElement Metadata()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        var nuspec = zip.Entries.Single(entry => entry.FullName == "DyT.Generated.nuspec");
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    /// <summary>The bytes of one file of a package (the .nupkg or the .snupkg).</summary>
    public static byte[] Read(string package, string path)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(path) ?? throw new FileNotFoundException($"{Path.GetFileName(package)} has no {path}; it has: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        // The unique version is useless after this run: drop it from the machine's package cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(cache, "dyt.generated", Version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }
}
