using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Checkpoints;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>
/// The generated PyTorch twin of every family and norm against the .NET model: the same forward within 1e-5 on the
/// same random weights (loaded strictly, so the keys are the same), and the same initialization.
/// </summary>
public sealed class TwinParityTests(TwinParityRun run, ITestOutputHelper output) : IClassFixture<TwinParityRun>
{
    /// <summary>The bound, as for the fixtures of tests/Parity.</summary>
    private const double Tolerance = 1e-5;

    [PythonTorchTheory]
    [MemberData(nameof(TwinCase.Names), MemberType = typeof(TwinCase))]
    public void The_twin_computes_the_models_output_from_the_same_weights(string name)
    {
        RequirePythonRan();
        var expected = run.Expected[name];
        using var twin = Safetensors.Load(Path.Combine(run.CaseFolder(name), "twin_output.safetensors"))["output"];

        using var error = (twin.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs();
        output.WriteLine($"{name}: max abs error {error.max().item<double>():E2} (max |output| {expected.abs().max().item<float>():G4}, {PythonTorch.Description})");
        TensorAssert.Close(expected, twin, Tolerance, what: $"{name}: the twin's output against the .NET model's");
    }

    [PythonTorchTheory]
    [MemberData(nameof(TwinCase.Names), MemberType = typeof(TwinCase))]
    public void A_fresh_twin_is_initialized_as_the_model(string name)
    {
        RequirePythonRan();
        var dotnet = run.FreshStates[name];
        var python = Safetensors.Load(Path.Combine(run.CaseFolder(name), "twin_fresh.safetensors"));
        try
        {
            Assert.Equal(dotnet.Keys.Order(StringComparer.Ordinal), python.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, mine) in dotnet)
            {
                var theirs = python[key];
                Assert.Equal(mine.shape, theirs.shape);
                using var values = mine.to(ScalarType.Float64).flatten();
                using var twinValues = theirs.to(ScalarType.Float64).flatten();
                var constant = values.numel() > 0 && values.eq(values[0]).all().item<bool>();
                if (constant)
                {
                    // Ones, zeros, alphas by role, embed_scale, layer scales, zero-initialized adaLN: the same values.
                    Assert.True(twinValues.SameAs(values), $"{name} {key}: the .NET model starts at {values[0].item<double>()} everywhere, the twin does not");
                }
                else if (key == "pos_embed" && name.StartsWith("dit", StringComparison.Ordinal))
                {
                    TensorAssert.Close(values, twinValues, 1e-6, what: $"{name} {key} (DiT's fixed sine-cosine table)");
                }
                else if (values.numel() >= 64)
                {
                    // Random draws: the same distribution, judged by its spread (std 0.02 normal, xavier and Kaiming differ by 2-10x).
                    double mineStd = values.std().item<double>(), theirStd = twinValues.std().item<double>();
                    Assert.True(theirStd > 0.7 * mineStd && theirStd < 1.4 * mineStd,
                        $"{name} {key}: the twin draws with std {theirStd:G3}, the .NET model with {mineStd:G3}");
                }
            }
        }
        finally
        {
            foreach (var tensor in python.Values) tensor.Dispose();
        }
    }

    [PythonTorchFact]
    public void The_training_scripts_checks_name_the_model_and_the_key()
    {
        RequirePythonRan();
        using var results = JsonDocument.Parse(File.ReadAllText(run.SelfCheckResults));
        var root = results.RootElement;
        var model = root.GetProperty("model").GetString()!;
        var ranks = root.GetProperty("ranks").GetString();
        var declaration = root.GetProperty("declaration").GetString();
        output.WriteLine(ranks);
        output.WriteLine(declaration);
        output.WriteLine("FSDP here: " + root.GetProperty("fsdp").GetString());

        Assert.Equal("ViT 'TwinVitDyT'", model);
        Assert.NotNull(ranks);
        Assert.Contains(model, ranks);
        Assert.Contains("head.weight: rank 1 differs from rank 0", ranks);
        Assert.DoesNotContain("alpha", ranks);
        Assert.NotNull(declaration);
        Assert.Contains(model, declaration);
        Assert.Contains("dyt_twin.declaration.Depth: expected 2, got 3", declaration);
    }

    private void RequirePythonRan() =>
        Assert.True(run.ExitCode == 0, $"twin_check.py failed ({run.ExitCode}):\n{run.Output}");
}
