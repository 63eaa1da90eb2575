using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace DyT.Runtime.Tests;

/// <summary>Runs another program for a test: Python with torch (Export/PythonTorch), or this assembly (MainThreadScenarios).</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> with the arguments, and <paramref name="environment"/> added to this process's;
    /// returns the exit code and stdout and stderr interleaved. Past <paramref name="timeout"/> the process tree is
    /// killed and the exit code is -1.
    /// </summary>
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{output}\n(killed after {timeout.TotalSeconds} s)");
        }
        process.WaitForExit(); // drains the output events
        return (process.ExitCode, output.ToString());
    }
}
