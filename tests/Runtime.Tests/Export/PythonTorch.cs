using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DyT.Runtime.Tests.Export;

/// <summary>
/// The Python with torch that the twin tests run: <c>DYT_PYTHON</c> when set, else Debian's <c>/usr/bin/python3</c>
/// (where <c>apt-get install python3-torch</c> puts torch; setup/ensure-python-torch.sh does that), else
/// <c>python3</c> on the PATH. Found once per test run; where none imports torch with gloo, <see cref="Reason"/> says
/// what each candidate answered, and the tests are skipped with it.
/// </summary>
internal static class PythonTorch
{
    private static readonly Lazy<(string? Python, string Description)> Found = new(Find);

    /// <summary>The interpreter, or null when none has torch.</summary>
    public static string? Python => Found.Value.Python;

    /// <summary>"torch 1.13.0a0, Python 3.11.2 at /usr/bin/python3", or why no interpreter qualifies.</summary>
    public static string Description => Found.Value.Description;

    public static string Reason => "No Python with torch and torch.distributed (gloo): " + Description +
        ". Install it with setup/ensure-python-torch.sh (Debian: apt-get install -t bookworm python3-torch) or set DYT_PYTHON.";

    /// <summary>
    /// The environment every Python run gets: oneDNN capped at SSE4.1 as in this test process (OneDnnIsaCap: its
    /// AVX2/AVX-512 float32 convolutions are wrong for partial channel blocks), one OpenMP thread per process.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        [OneDnnIsaCap.Variable] = OneDnnIsaCap.Value,
        ["DNNL_MAX_CPU_ISA"] = OneDnnIsaCap.Value,
        ["OMP_NUM_THREADS"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    /// <summary>Runs <see cref="Python"/> with the arguments; returns the exit code and stdout and stderr interleaved.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null) =>
        Run(Python ?? throw new InvalidOperationException(Reason), arguments, timeout, workingDirectory);

    /// <summary>torchrun next to the interpreter (Debian: /usr/bin/torchrun), or its module when there is no such script.</summary>
    public static (string Program, string[] Prefix) Torchrun()
    {
        var python = Python ?? throw new InvalidOperationException(Reason);
        var script = Path.Combine(Path.GetDirectoryName(python) ?? "", "torchrun");
        return File.Exists(script) ? (script, []) : (python, ["-m", "torch.distributed.run"]);
    }

    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null) =>
        ProcessRunner.Run(program, arguments, timeout, Environment, workingDirectory);

    private static (string?, string) Find()
    {
        var configured = System.Environment.GetEnvironmentVariable("DYT_PYTHON");
        var candidates = string.IsNullOrEmpty(configured) ? new[] { "/usr/bin/python3", "python3" } : new[] { configured };
        var answers = new List<string>();
        foreach (var candidate in candidates.Distinct())
        {
            const string probe = "import platform, torch, torch.distributed as d; "
                + "assert d.is_available() and d.is_gloo_available(), 'torch.distributed has no gloo'; "
                + "print(f'torch {torch.__version__}, Python {platform.python_version()}')";
            try
            {
                var (code, output) = Run(candidate, ["-c", probe], TimeSpan.FromSeconds(120));
                var last = output.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
                if (code == 0) return (candidate, $"{last} at {candidate}");
                answers.Add($"{candidate}: {last}");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                answers.Add($"{candidate}: not found");
            }
        }
        return (null, string.Join("; ", answers));
    }
}

/// <summary>A test that runs Python torch; skipped, with what was tried, where there is none.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute()
    {
        if (PythonTorch.Python is null) Skip = PythonTorch.Reason;
    }
}

/// <summary>A theory that runs Python torch; skipped, with what was tried, where there is none.</summary>
public sealed class PythonTorchTheoryAttribute : TheoryAttribute
{
    public PythonTorchTheoryAttribute()
    {
        if (PythonTorch.Python is null) Skip = PythonTorch.Reason;
    }
}
