using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;

namespace DyT.Integration.Tests;

/// <summary>Runs the dotnet CLI as a user would, and knows where the repository and this build's configuration are.</summary>
internal static class DotNet
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in; the projects it packs were built in the same one.</summary>
    public static string Configuration { get; } =
        typeof(DotNet).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Runs <c>dotnet args</c> in <paramref name="folder"/>; returns the exit code and stdout+stderr.</summary>
    public static (int ExitCode, string Output) Run(string folder, string args, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No lingering build servers from a test run; plain English output to match on.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {args} in {folder} ran over {timeoutSeconds} s; output so far:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "DyT.Generated.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No DyT.Generated.sln above {AppContext.BaseDirectory}");
    }
}
