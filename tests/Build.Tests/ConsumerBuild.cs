using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace DyT.Build.Tests;

/// <summary>Copies the consumer project to a temporary folder, builds it with <c>dotnet build</c> and loads the result.</summary>
public static class ConsumerBuild
{
    private static readonly string Root = typeof(ConsumerBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Builds the consumer, with <c>&lt;DyTNormOverride&gt;</c> set to <paramref name="normOverride"/> when not null.</summary>
    public static Assembly Build(string? normOverride)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dyt-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var template = Path.Combine(Root, "tests/Build.Tests/Consumer");
        File.Copy(Path.Combine(template, "Models.cs"), Path.Combine(folder, "Models.cs"));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), File.ReadAllText(Path.Combine(template, "Consumer.csproj.template"))
            .Replace("{Root}", Root)
            .Replace("{Override}", normOverride is null ? "" : $"<DyTNormOverride>{normOverride}</DyTNormOverride>"));

        var start = new ProcessStartInfo("dotnet", ["build", Path.Combine(folder, "Consumer.csproj"), "-c", Configuration, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of {folder} took over 8 minutes");
        }
        Assert.True(process.ExitCode == 0, $"dotnet build of the consumer failed ({process.ExitCode}):\n{output.Result}\n{errors.Result}");

        var dll = Path.Combine(folder, "bin", Configuration, "net10.0", "Consumer.dll");
        // A fresh context per build: both builds produce an assembly named Consumer. DyT.Runtime and TorchSharp resolve
        // from the default context, where this test project already loaded them.
        var assembly = new AssemblyLoadContext("consumer-" + (normOverride ?? "none"), isCollectible: true).LoadFromAssemblyPath(dll);
        Directory.Delete(folder, recursive: true);   // the loaded image stays mapped; the folder is no longer needed
        return assembly;
    }

    /// <summary>The declared type of a private field of a generated nested class, e.g. TinyVit+Block.norm1.</summary>
    public static string FieldType(Assembly assembly, string type, string field) =>
        assembly.GetType(type, throwOnError: true)!.GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)!.FieldType.FullName!;

    /// <summary>The model's NormKind constant.</summary>
    public static NormKind NormKindOf(Assembly assembly, string type) =>
        (NormKind)assembly.GetType(type, throwOnError: true)!.GetField("NormKind")!.GetRawConstantValue()!;
}
