using System;
using System.IO;
using System.Linq;

namespace DyT.Integration.Tests;

/// <summary>
/// samples/Dyt001Warning in a real <c>dotnet build</c>: the analyzer runs in the compiler, DYT001 shows as a warning on
/// the attribute's line, and <c>-warnaserror</c> turns it into a failed build.
/// </summary>
public class SampleWarningTests
{
    private static readonly string Sample = Path.Combine(DotNet.RepositoryRoot, "samples", "Dyt001Warning");

    [Fact]
    public void Build_warns_DYT001_at_the_attribute_line_and_fails_with_warnaserror()
    {
        var lines = File.ReadAllLines(Path.Combine(Sample, "Program.cs"));
        var attributeLine = Array.FindIndex(lines, line => line.TrimStart().StartsWith("[ConvNet(", StringComparison.Ordinal)) + 1;
        Assert.True(attributeLine > 0, "samples/Dyt001Warning/Program.cs has no [ConvNet( line");
        // Recompile the sample only (so the warnings print again), never the src projects it references: other tests
        // pack and load their outputs at the same time.
        var isolated = $"-c {DotNet.Configuration} --no-incremental --no-dependencies";

        var build = DotNet.Run(Sample, $"build {isolated}");

        Assert.True(build.ExitCode == 0, $"the sample should build (with a warning); exit code {build.ExitCode}:\n{build.Output}");
        var warning = $"Program.cs({attributeLine},";
        Assert.True(build.Output.Split('\n').Any(line => line.Contains(warning) && line.Contains("warning DYT001")),
            $"expected 'Program.cs({attributeLine},...): warning DYT001' in the build output:\n{build.Output}");

        var strict = DotNet.Run(Sample, $"build {isolated} -warnaserror");

        Assert.True(strict.ExitCode != 0, $"the -warnaserror build should fail on DYT001 but exited 0:\n{strict.Output}");
        Assert.Contains("error DYT001", strict.Output);
    }
}
