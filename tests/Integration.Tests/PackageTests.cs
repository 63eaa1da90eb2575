using System.IO;
using System.Text.RegularExpressions;

namespace DyT.Integration.Tests;

/// <summary>
/// The package as users get it: referenced by name from a fresh console project outside this repository, which picks
/// its LibTorch backend itself (TorchSharp-cpu next to DyT.Generated, as a GPU application would pick
/// TorchSharp-cuda-linux), declares a model, builds (the generator runs from the package, and the package's .props
/// passes it the DyTNormOverride property) and runs it.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageTests(PackedPackage package)
{
    [Fact]
    public void A_fresh_console_project_picks_its_backend_references_the_package_by_name_builds_and_runs_a_model()
    {
        var app = package.NewFolder("app");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
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
                <PackageReference Include="DyT.Generated" Version="{package.Version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
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
        // The LibTorch the application runs on is the one it picked: TorchSharp-cpu's native library is in its output.
        Assert.True(File.Exists(Path.Combine(app, "bin", "Release", "net10.0", "runtimes", "linux-x64", "native", "libtorch_cpu.so")),
            "expected the application's chosen backend (TorchSharp-cpu's libtorch_cpu.so) in its output folder");
    }
}
