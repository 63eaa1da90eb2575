using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DyT.Integration.Tests;

/// <summary>
/// The package as users get it: packed into a local folder feed, referenced by name from a fresh console project
/// outside this repository, which declares a model, builds (the generator runs from the package, and the package's
/// .props passes it the DyTNormOverride property) and runs it.
/// </summary>
public sealed class PackageTests : IDisposable
{
    // A version no earlier run used, so restore can never take a stale copy from the machine's package cache.
    private readonly string version = "0.1.0-it." + Guid.NewGuid().ToString("N")[..12];
    private readonly string work = Path.Combine(Path.GetTempPath(), "dyt-it-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void A_fresh_console_project_references_the_package_by_name_builds_and_runs_a_model()
    {
        var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
        var pack = DotNet.Run(DotNet.RepositoryRoot,
            $"pack src/Runtime/DyT.Runtime.csproj -c {DotNet.Configuration} --no-build -o \"{feed}\" -p:Version={version}");
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed with exit code {pack.ExitCode}:\n{pack.Output}");
        Assert.True(File.Exists(Path.Combine(feed, $"DyT.Generated.{version}.nupkg")), $"expected DyT.Generated.{version}.nupkg in {feed}; got: {string.Join(", ", Directory.GetFiles(feed).Select(Path.GetFileName))}");

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NoWarn>NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DyT.Generated" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System;
            using System.Linq;
            using DyT;
            using static TorchSharp.torch;

            var model = new TinyVit();
            using var images = zeros(2, 1, 8, 8);
            using var logits = model.forward(images);
            var counted = model.parameters().Sum(parameter => parameter.numel());
            Console.WriteLine($"shape={string.Join("x", logits.shape)} declared={TinyVit.ParameterCount} counted={counted} norm={TinyVit.NormKind}");

            [Transformer(Architecture.ViT, Dim = 16, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, InChannels = 1, NumClasses = 3, Norm = NormKind.DyT)]
            public partial class TinyVit { }
            """);

        // The override comes from the package's build/DyT.Generated.props (CompilerVisibleProperty): DyT becomes LayerNorm.
        var run = DotNet.Run(app, "run -c Release -p:DyTNormOverride=LayerNorm");

        Assert.True(run.ExitCode == 0, $"dotnet run of the consumer failed with exit code {run.ExitCode}:\n{run.Output}");
        var line = Regex.Match(run.Output, @"shape=(\S+) declared=(\d+) counted=(\d+) norm=(\w+)");
        Assert.True(line.Success, $"expected a 'shape=... declared=... counted=... norm=...' line; output:\n{run.Output}");
        Assert.Equal("2x3", line.Groups[1].Value);
        Assert.Equal(line.Groups[3].Value, line.Groups[2].Value);
        Assert.Equal("LayerNorm", line.Groups[4].Value);
    }

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        // The unique version is useless after this run: drop it from the machine's package cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(cache, "dyt.generated", version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }
}
