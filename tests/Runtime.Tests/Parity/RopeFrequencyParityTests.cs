using System.IO;
using System.Text.Json;
using DyT.Blocks;
using DyT.Checkpoints;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// The rotary frequencies of published LLaMA configurations (LLaMA 2 7B, Llama 3.1 8B, Llama 3.2 1B) against
/// tests/Parity/reference, which computes them in float64 with Meta's per-frequency loop; the runtime computes them
/// in float32 with Hugging Face's tensor formula.
/// </summary>
public class RopeFrequencyParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("llama2_7b")]
    [InlineData("llama31_8b")]
    [InlineData("llama32_1b")]
    public void Frequencies_match_the_reference(string name)
    {
        var path = Path.Combine(System.AppContext.BaseDirectory, "Parity", "fixtures", "rope_frequencies.safetensors");
        var setting = JsonDocument.Parse(Safetensors.ReadMetadata(path)[name]).RootElement;
        var scaling = setting.GetProperty("scaling").ValueKind == JsonValueKind.Null ? null : new RopeScaling(
            setting.GetProperty("scaling")[0].GetDouble(), setting.GetProperty("scaling")[1].GetDouble(),
            setting.GetProperty("scaling")[2].GetDouble(), setting.GetProperty("scaling")[3].GetInt32());
        using var expected = Safetensors.Load(path)[name];

        using var actual = new RotaryEmbedding(setting.GetProperty("head_dim").GetInt64(), setting.GetProperty("theta").GetDouble(), scaling).InverseFrequencies();

        using var relative = ((actual.to(ScalarType.Float64) - expected) / expected).abs();
        output.WriteLine($"{name}: {actual.shape[0]} frequencies, max relative error {relative.max().item<double>():E2}");
        Assert.True(relative.max().item<double>() < 1e-6, $"{name}: max relative error {relative.max().item<double>():E2}");
        if (scaling is null) return;
        using var unscaled = RotaryEmbedding.InverseFrequencies(setting.GetProperty("head_dim").GetInt64(), setting.GetProperty("theta").GetDouble());
        Assert.True((unscaled - actual).abs().max().item<float>() > 0, "the scaling changed no frequency; the fixture tests nothing");
    }
}
