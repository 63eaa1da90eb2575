using System.Linq;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Models;

public class GeneratedLlamaTests
{
    [Fact]
    public void Counts_equal_the_instantiated_modules()
    {
        Assert.Equal(SmallLlamaDyT.ParameterCount, TensorAssert.ParameterCount(new SmallLlamaDyT()));
        Assert.Equal(SmallLlamaRms.ParameterCount, TensorAssert.ParameterCount(new SmallLlamaRms()));
        Assert.Equal(SmallLlamaRms.ParameterCount + 2 * 2 + 1 + 1, SmallLlamaDyT.ParameterCount);
    }

    [Fact]
    public void State_dict_keys_and_shapes_are_hugging_faces()
    {
        var state = new SmallLlamaDyT().state_dict();

        (string Key, long[] Shape)[] expected =
        [
            ("model.embed_tokens.weight", [100, 64]), ("model.embed_scale", [1]),
            .. Enumerable.Range(0, 2).SelectMany(i => new (string, long[])[]
            {
                ($"model.layers.{i}.input_layernorm.alpha", [1]), ($"model.layers.{i}.input_layernorm.weight", [64]),
                ($"model.layers.{i}.self_attn.q_proj.weight", [64, 64]), ($"model.layers.{i}.self_attn.k_proj.weight", [32, 64]),
                ($"model.layers.{i}.self_attn.v_proj.weight", [32, 64]), ($"model.layers.{i}.self_attn.o_proj.weight", [64, 64]),
                ($"model.layers.{i}.post_attention_layernorm.alpha", [1]), ($"model.layers.{i}.post_attention_layernorm.weight", [64]),
                ($"model.layers.{i}.mlp.gate_proj.weight", [256, 64]), ($"model.layers.{i}.mlp.up_proj.weight", [256, 64]),
                ($"model.layers.{i}.mlp.down_proj.weight", [64, 256]),
            }),
            ("model.norm.alpha", [1]), ("model.norm.weight", [64]), ("lm_head.weight", [100, 64]),
        ];
        Assert.Equal(expected.Select(e => e.Key).OrderBy(k => k), state.Keys.OrderBy(k => k));
        Assert.All(expected, e => Assert.True(e.Shape.SequenceEqual(state[e.Key].shape), $"{e.Key}: ({string.Join(", ", state[e.Key].shape)})"));
    }

    [Fact]
    public void Rms_norm_model_has_no_embed_scale_and_weight_only_norms()
    {
        var keys = new SmallLlamaRms().state_dict().Keys;

        Assert.DoesNotContain("model.embed_scale", keys);
        Assert.Contains("model.norm.weight", keys);
        Assert.DoesNotContain(keys, key => key.EndsWith(".bias"));
    }

    [Fact]
    public void Dyt_model_starts_with_the_width_table_alphas_and_sqrt_dim_embed_scale()
    {
        var model = new SmallLlamaDyT();

        var norms = model.modules().OfType<DynamicTanh>().ToList();
        Assert.Equal(5, norms.Count);
        Assert.All(norms, norm => Assert.Null(norm.Bias));
        Assert.Equal(1.0, SmallLlamaDyT.AlphaInitAttention);
        Assert.Equal(8f, model.state_dict()["model.embed_scale"].item<float>());
    }

    [Fact]
    public void Forward_maps_tokens_to_logits_and_is_causal()
    {
        manual_seed(3);
        var model = new SmallLlamaDyT();
        using var tokens = randint(0, 100, new long[] { 2, 10 });
        using var logits = model.forward(tokens);
        Assert.Equal(new long[] { 2, 10, 100 }, logits.shape);

        // Changing the last token must not change earlier positions' logits.
        using var changed = tokens.clone();
        changed[0, 9] = (changed[0, 9] + 1) % 100;
        using var other = model.forward(changed);
        TensorAssert.Close(logits[0, ..9], other[0, ..9], atol: 1e-5, what: "logits before the changed token");
    }

    [Fact]
    public void A_tied_model_has_no_lm_head_weight_and_its_logits_use_the_embedding_matrix()
    {
        manual_seed(5);
        var model = new SmallLlama3Tied();
        var state = model.state_dict();

        Assert.DoesNotContain("lm_head.weight", state.Keys);
        Assert.Equal(SmallLlama3Tied.ParameterCount, TensorAssert.ParameterCount(model));
        Assert.Equal(SmallLlamaRms.ParameterCount - 100 * 64, SmallLlama3Tied.ParameterCount);
        using var tokens = randint(0, 100, new long[] { 1, 6 });
        using var logits = model.forward(tokens);
        using (no_grad()) state["model.embed_tokens.weight"].mul_(2); // the head reads the same matrix
        using var doubled = model.forward(tokens);
        Assert.True((doubled - logits).abs().max().item<float>() > 1e-3, "the logits did not follow the embedding matrix");
    }

    [Fact]
    public void The_norm_eps_and_rotary_settings_reach_the_built_layers()
    {
        var model = new SmallLlama3Tied();

        Assert.All(model.modules().OfType<RmsNorm>(), norm => Assert.Equal(1e-6, norm.Eps));
        var attention = Assert.IsType<DyT.Blocks.LlamaAttention>(model.modules().First(m => m is DyT.Blocks.LlamaAttention));
        Assert.Equal(500000.0, attention.Theta);
        Assert.Equal(new DyT.Blocks.RopeScaling(8, 1, 4, 16), attention.Rotary.Scaling);
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_rejected_with_the_id_and_where_it_is()
    {
        using var tokens = tensor(new long[,] { { 1, 2, 3 }, { 4, 100, 5 } });

        var error = Assert.Throws<System.ArgumentException>(() => new SmallLlamaRms().forward(tokens));

        Assert.Contains("expects token ids in [0, 100) (VocabSize); got 100 at [1, 1]", error.Message);
        Assert.Contains("got -1 at [0, 0]", Assert.Throws<System.ArgumentException>(() => new SmallLlamaRms().forward(tensor(new long[,] { { -1 } }))).Message);
    }

    [Fact]
    public void Sequences_longer_than_max_seq_len_are_rejected()
    {
        var error = Assert.Throws<System.ArgumentException>(() => new SmallLlamaRms().forward(zeros(1, 33, ScalarType.Int64)));

        Assert.Contains("T <= 32 (MaxSeqLen); got (1, 33)", error.Message);
    }
}
