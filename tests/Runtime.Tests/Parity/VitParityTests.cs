using Xunit.Abstractions;

namespace DyT.Runtime.Tests.Parity;

/// <summary>The generated ViT against the timm-structured reference (tests/Parity/reference/vit.py).</summary>
public class VitParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Layer_norm_vit_matches_the_reference_output() =>
        ParityCheck.Run(new ParityVitLayerNorm(), "vit_layernorm", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Dyt_vit_matches_the_reference_output_and_gradients() =>
        ParityCheck.Run(new ParityVitDyT(), "vit_dyt", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Every_key_of_the_dyt_vit_is_read_by_the_forward() =>
        KeySensitivity.EveryKeyChangesTheOutput(new ParityVitDyT(), "vit_dyt", (model, f) => model.forward(f.Input));
}
