using System;
using System.Collections.Generic;
using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>
/// Property-style: random attribute values, including zero, negatives, odd and huge ones, never make the generator
/// throw; it either emits nothing (the analyzers explain) or emits code that compiles with zero diagnostics.
/// </summary>
public class RandomAttributeTests
{
    // Mostly plausible values, so that many declarations are valid and their output gets compiled; some bad ones.
    private static readonly int[] GoodSizes = [1, 2, 4, 8, 16, 32, 64];
    private static readonly int[] BadSizes = [-1, 0, 3, 60, 100000, int.MaxValue];
    private static readonly string[] GoodDoubles = ["0.25", "1.0", "4.0"];
    private static readonly string[] BadDoubles = ["-1.0", "0.0", "double.NaN", "1e300"];
    private static readonly string[] GoodNorms = ["NormKind.LayerNorm", "NormKind.RMSNorm", "NormKind.DyT", "NormKind.Derf"];
    private static readonly string[] BadNorms = ["(NormKind)9"];

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_arguments_give_no_exception_and_either_nothing_or_compiling_code(int seed)
    {
        var random = new Random(seed);
        var declaration = $"using DyT;\n[{RandomAttribute(random)}]\npublic partial class M {{ }}";
        var compilation = GeneratorHarness.Compilation(declaration);

        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, $"{declaration}\nthrew {result.Exception}");
        if (result.GeneratedSources.Length == 0) return;
        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Length == 0, $"{declaration}\ngenerated code with diagnostics:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Enough_random_cases_generate_code_for_the_compile_check_to_mean_something()
    {
        var generating = Seeds().Select(seed => (int)seed[0]).Count(seed =>
        {
            var declaration = $"using DyT;\n[{RandomAttribute(new Random(seed))}]\npublic partial class M {{ }}";
            return GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(declaration)).GetRunResult().GeneratedTrees.Length > 0;
        });

        Assert.True(generating >= 5, $"only {generating} of 40 random declarations were valid; the property test checks too little");
    }

    private static string RandomAttribute(Random random)
    {
        T Pick<T>(T[] good, T[] bad) => random.Next(10) < 8 ? good[random.Next(good.Length)] : bad[random.Next(bad.Length)];
        string Size() => Pick(GoodSizes, BadSizes).ToString();
        string Double() => Pick(GoodDoubles, BadDoubles);
        string Norm() => Pick(GoodNorms, BadNorms);
        string List() => "new[] { " + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Size())) + " }";
        var named = new List<string>();
        void Maybe(string name, Func<string> value) { if (random.Next(3) == 0) named.Add($"{name} = {value()}"); }

        switch (random.Next(4))
        {
            case 0:
            case 1:
                var family = new[] { "Architecture.ViT", "Architecture.Llama", "Architecture.DiT", "(Architecture)5" }[random.Next(4)];
                Maybe("Dim", Size); Maybe("Depth", Size); Maybe("Heads", Size); Maybe("MlpRatio", Double); Maybe("Norm", Norm);
                Maybe("AlphaInit", Double); Maybe("PatchSize", Size); Maybe("ImageSize", Size); Maybe("InChannels", Size);
                Maybe("NumClasses", Size); Maybe("VocabSize", Size); Maybe("MaxSeqLen", Size); Maybe("FfnDim", Size);
                Maybe("KvHeads", Size); Maybe("AlphaInitAttention", Double); Maybe("AlphaInitFfn", Double);
                Maybe("EmbedScale", () => random.Next(2) == 0 ? "true" : "false"); Maybe("AdaLnZeroInit", () => "true");
                Maybe("RopeTheta", Double); Maybe("NormEps", Double); Maybe("TieEmbeddings", () => random.Next(2) == 0 ? "true" : "false");
                Maybe("RopeScalingFactor", Double); Maybe("RopeLowFreqFactor", Double); Maybe("RopeHighFreqFactor", Double);
                Maybe("RopeOriginalMaxPositions", Size);
                return $"Transformer({family}{string.Concat(named.Select(n => ", " + n))})";
            default:
                var conv = new[] { "ConvArchitecture.ConvNeXt", "ConvArchitecture.ResNet", "(ConvArchitecture)3" }[random.Next(3)];
                Maybe("Depths", List); Maybe("Dims", List); Maybe("InChannels", Size); Maybe("NumClasses", Size);
                Maybe("Norm", Norm); Maybe("AlphaInit", Double); Maybe("LayerScaleInit", Double);
                return $"ConvNet({conv}{string.Concat(named.Select(n => ", " + n))})";
        }
    }
}
