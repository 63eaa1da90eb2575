using DyT.Checkpoints;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// Each generated model against its independent PyTorch reference (tests/Parity/reference): the reference weights
/// load by key, the float32 output matches within 1e-5, and where the fixture has them (the DyT case of each
/// family) so do the gradients of sum(output * loss_weight). LLaMA's tokens are not differentiable, so its
/// gradients are those of the token table, embed_scale and every alpha.
/// </summary>
public class ParityTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ParityCases.Names), MemberType = typeof(ParityCases))]
    public void Generated_model_matches_the_reference(string fixture)
    {
        var parityCase = ParityCases.Named(fixture);
        output.WriteLine($"reference: tests/Parity/reference/{parityCase.Reference}");
        ParityCheck.Run(parityCase.Create(), fixture, parityCase.Forward, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Names), MemberType = typeof(ParityCases))]
    public void Every_key_is_read_by_the_generated_forward(string fixture)
    {
        var parityCase = ParityCases.Named(fixture);
        KeySensitivity.EveryKeyChangesTheOutput(parityCase.Create(), fixture, parityCase.Forward);
    }

    /// <summary>
    /// The Llama 3 fixtures are only evidence for the rotary base and scaling if getting either wrong fails them: the
    /// same weights in a model without the scaling, or with LLaMA 2's base, must miss the reference by far more than
    /// the tolerance.
    /// </summary>
    [Fact]
    public void The_llama3_fixture_fails_a_model_with_another_rotary_base_or_without_the_scaling()
    {
        var fixture = ParityFixture.Load("llama3_rmsnorm");
        foreach (var model in new nn.Module<Tensor, Tensor>[] { new ParityLlama3RmsUnscaled(), new ParityLlama3RmsTheta10000() })
        {
            model.LoadSafetensors(fixture.WeightsPath);
            using var error = (model.forward(fixture.Input) - fixture.Output).abs().max();
            output.WriteLine($"{model.GetType().Name}: max abs error {error.item<float>():E2}");
            Assert.True(error.item<float>() > 1e-2, $"{model.GetType().Name} matched the Llama 3 reference within {error.item<float>():E2}");
        }
    }

    /// <summary>Loading overwrites pos_embed, so the fixed sin-cos table a fresh DiT builds is checked on its own.</summary>
    [Fact]
    public void A_fresh_dit_builds_the_reference_sin_cos_position_table()
    {
        var fixture = ParityFixture.Load("dit_dyt");

        TensorAssert.Close(fixture.Weights["pos_embed"], new ParityDitDyT().state_dict()["pos_embed"], 1e-6, what: "pos_embed");
    }
}
