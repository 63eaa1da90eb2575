using Xunit.Abstractions;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// The generated LLaMA against the Hugging Face-structured reference (tests/Parity/reference/llama.py). Tokens are
/// not differentiable, so the DyT case's gradients are those of the token table, embed_scale and every alpha.
/// </summary>
public class LlamaParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Rms_norm_llama_matches_the_reference_logits() =>
        ParityCheck.Run(new ParityLlamaRms(), "llama_rmsnorm", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Dyt_llama_matches_the_reference_logits_and_gradients() =>
        ParityCheck.Run(new ParityLlamaDyT(), "llama_dyt", (model, f) => model.forward(f.Input), output);

    [Fact]
    public void Every_key_of_the_dyt_llama_is_read_by_the_forward() =>
        KeySensitivity.EveryKeyChangesTheOutput(new ParityLlamaDyT(), "llama_dyt", (model, f) => model.forward(f.Input));
}
