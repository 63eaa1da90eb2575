using TorchSharp;
using Xunit.Abstractions;

namespace DyT.Runtime.Tests.Parity;

/// <summary>The generated DiT against the facebookresearch/DiT-structured reference (tests/Parity/reference/dit.py).</summary>
public class DitParityTests(ITestOutputHelper output)
{
    private static torch.Tensor Forward(torch.nn.Module<torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor> model, ParityFixture f) =>
        model.forward(f.Input, f.Io["timesteps"], f.Io["labels"]);

    [Fact]
    public void Layer_norm_dit_matches_the_reference_output() =>
        ParityCheck.Run(new ParityDitLayerNorm(), "dit_layernorm", Forward, output);

    [Fact]
    public void Dyt_dit_matches_the_reference_output_and_gradients() =>
        ParityCheck.Run(new ParityDitDyT(), "dit_dyt", Forward, output);

    [Fact]
    public void Every_key_of_the_dyt_dit_is_read_by_the_forward() =>
        KeySensitivity.EveryKeyChangesTheOutput(new ParityDitDyT(), "dit_dyt", Forward);

    /// <summary>Loading overwrites pos_embed, so the fixed sin-cos table a fresh model builds is checked on its own.</summary>
    [Fact]
    public void A_fresh_dit_builds_the_reference_sin_cos_position_table()
    {
        var fixture = ParityFixture.Load("dit_dyt");

        TensorAssert.Close(fixture.Weights["pos_embed"], new ParityDitDyT().state_dict()["pos_embed"], 1e-6, what: "pos_embed");
    }
}
