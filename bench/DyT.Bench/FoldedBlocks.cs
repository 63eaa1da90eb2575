using System.Diagnostics;
using DyT.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>
/// <c>--folded-blocks [rounds] [filter]</c>: inference folding per block (forward, no grad, float32), each norm's case
/// before and after <see cref="NormFolding.Fold"/>, side by side: every round times the unfolded and the folded case
/// back to back (which goes first alternates), so a shared machine's load falls on both alike, and the ratio is the
/// median of the rounds' ratios. The whole model's inference step, folded and not, is in <c>--llama-step</c>. Here:
/// <list type="bullet">
/// <item>the norm alone (what folding removes is its affine), and norm plus projection, FlashNorm's measure: ViT-S's
/// <c>norm1</c> then <c>attn.qkv</c> on 32x197x384, and the LLaMA's <c>input_layernorm</c> then <c>q/k/v_proj</c> on
/// 8x256x512 (prefill) and 8x1x512 (one decoding step);</item>
/// <item>one ViT-S block on 32x197x384.</item>
/// </list>
/// Before timing, each folded model's output is compared with its unfolded twin's (same weights, norms given
/// non-trivial affines); the largest difference is printed. A filter times only the rows whose case contains it
/// (<c>ViT</c>, <c>LLaMA</c>, <c>alone</c>, <c>block</c>, <c>decode</c>, ...). The spread column is the interquartile range of the
/// rounds' ratios: on a busy machine it says how far a ratio can be trusted.
/// </summary>
internal static class FoldedBlocks
{
    private static readonly string[] Kinds = ["LayerNorm", "RMSNorm", "DyT", "Derf"];

    public static void Run(int rounds, string filter = "")
    {
        torch.set_num_threads(Environment.ProcessorCount);
        MachineHeader.Print($"--folded-blocks: float32, no grad, {rounds} paired rounds per row (after 2 warm-up rounds), medians{(filter.Length > 0 ? $", rows matching '{filter}'" : "")}");

        var rows = new List<string>();
        void Add(string what, string kind, Func<Tensor> unfolded, Func<Tensor> folded)
        {
            if (what.Contains(filter, StringComparison.OrdinalIgnoreCase)) rows.Add(Row(what, kind, rounds, unfolded, folded));
        }

        using (var images = randn(2, 3, 224, 224))
        using (var tokens = VitTokens())
        {
            foreach (var kind in Kinds)
            {
                var (unfolded, folded) = Twins(() => Vit(kind));
                Console.WriteLine($"ViT-S {kind}: folded output within {MaxAbsError(unfolded, folded, images):E2} of the unfolded one");
                var (norm, foldedNorm) = (Forward(unfolded, "blocks.0.norm1"), Forward(folded, "blocks.0.norm1"));
                Add("ViT-S norm1 alone, 32x197x384", kind, () => norm.forward(tokens), () => foldedNorm.forward(tokens));
                var (normQkv, foldedNormQkv) = (VitNormQkv(unfolded), VitNormQkv(folded));
                Add("ViT-S norm1 + qkv, 32x197x384", kind, () => normQkv(tokens), () => foldedNormQkv(tokens));
                var (block, foldedBlock) = (Forward(unfolded, "blocks.0"), Forward(folded, "blocks.0"));
                Add("ViT-S block, 32x197x384", kind, () => block.forward(tokens), () => foldedBlock.forward(tokens));
                Dispose(unfolded, folded);
            }
        }
        using (var prefill = randn(8, 256, 512))
        using (var decode = randn(8, 1, 512))
        using (var checkIds = randint(0, 32000, new long[] { 2, 32 }))
        {
            foreach (var kind in Kinds)
            {
                var (unfolded, folded) = Twins(() => Llama(kind));
                Console.WriteLine($"LLaMA-512 {kind}: folded output within {MaxAbsError(unfolded, folded, checkIds):E2} of the unfolded one");
                var (norm, foldedNorm) = (Forward(unfolded, "model.layers.0.input_layernorm"), Forward(folded, "model.layers.0.input_layernorm"));
                Add("LLaMA-512 input_layernorm alone, 8x256x512", kind, () => norm.forward(prefill), () => foldedNorm.forward(prefill));
                var (normQkv, foldedNormQkv) = (LlamaNormQkv(unfolded), LlamaNormQkv(folded));
                Add("LLaMA-512 input_layernorm + q/k/v, 8x256x512", kind, () => normQkv(prefill), () => foldedNormQkv(prefill));
                Add("LLaMA-512 input_layernorm + q/k/v, 8x1x512 (decode)", kind, () => normQkv(decode), () => foldedNormQkv(decode));
                Dispose(unfolded, folded);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| case | norm | unfolded | folded | folded / unfolded | spread | speed-up |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows.OrderBy(row => row, StringComparer.Ordinal)) Console.WriteLine(row);
        Console.WriteLine($"load average at end: {MachineHeader.LoadAverage()}");
    }

    /// <summary>Times both cases in <paramref name="rounds"/> paired rounds and formats the table row.</summary>
    private static string Row(string what, string kind, int rounds, Func<Tensor> unfolded, Func<Tensor> folded)
    {
        var (u, f, ratios) = Paired(rounds, unfolded, folded);
        var ratio = Quantile(ratios, 0.5);
        return $"| {what} | {kind} | {Milliseconds(u)} | {Milliseconds(f)} | {ratio:F3} | {Quantile(ratios, 0.25):F2}-{Quantile(ratios, 0.75):F2} | {100 * (1 - ratio):F1}% |";
    }

    private static (double Unfolded, double Folded, List<double> Ratios) Paired(int rounds, Func<Tensor> unfolded, Func<Tensor> folded)
    {
        var times = (Unfolded: new List<double>(), Folded: new List<double>(), Ratios: new List<double>());
        for (var round = -2; round < rounds; round++) // two warm-up rounds
        {
            double u, f;
            if ((round & 1) == 0) { u = Time(unfolded); f = Time(folded); }
            else { f = Time(folded); u = Time(unfolded); }
            if (round < 0) continue;
            times.Unfolded.Add(u);
            times.Folded.Add(f);
            times.Ratios.Add(f / u);
        }
        return (Quantile(times.Unfolded, 0.5), Quantile(times.Folded, 0.5), times.Ratios);
    }

    private static double Time(Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var clock = Stopwatch.StartNew();
        forward();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// The model as generated, its norms given affines away from ones and zeros (so folding is no identity), and a
    /// twin with the same weights, folded. Both in evaluation mode.
    /// </summary>
    private static (nn.Module<Tensor, Tensor> Unfolded, nn.Module<Tensor, Tensor> Folded) Twins(Func<nn.Module<Tensor, Tensor>> create)
    {
        manual_seed(0);
        var unfolded = create();
        using (no_grad())
            foreach (var (name, parameter) in unfolded.named_parameters().Where(p => IsNormAffine(p.name)))
                parameter.add_(randn_like(parameter).mul_(0.1));
        unfolded.eval();
        return (unfolded, FoldedTwin.Of(unfolded, create));
    }

    private static bool IsNormAffine(string key) =>
        (key.EndsWith(".weight", StringComparison.Ordinal) || key.EndsWith(".bias", StringComparison.Ordinal)) &&
        key.Split('.') is var parts && parts[^2] is "norm" or "norm1" or "norm2" or "input_layernorm" or "post_attention_layernorm";

    private static nn.Module<Tensor, Tensor> Vit(string kind) => kind switch
    {
        "LayerNorm" => new FoldingVitSLayerNorm(),
        "RMSNorm" => new FoldingVitSRmsNorm(),
        "DyT" => new FoldingVitSDyT(),
        _ => new FoldingVitSDerf(),
    };

    private static nn.Module<Tensor, Tensor> Llama(string kind) => kind switch
    {
        "LayerNorm" => new Llama512LayerNorm(),
        "RMSNorm" => new Llama512RmsNorm(),
        "DyT" => new Llama512DyT(),
        _ => new Llama512Derf(),
    };

    /// <summary>ViT-S tokens as the first block sees them: 32 images of 196 patches and the class token, width 384.</summary>
    private static Tensor VitTokens() => randn(32, 197, 384);

    /// <summary>The first block's norm and the projection that reads it, looked up once (outside the timed calls).</summary>
    private static Func<Tensor, Tensor> VitNormQkv(nn.Module model)
    {
        var norm = Forward(model, "blocks.0.norm1");
        var qkv = Linear(model, "blocks.0.attn.qkv");
        return x => qkv.forward(norm.forward(x));
    }

    /// <summary>The first layer's norm and the q/k/v projections of its output, as attention computes them.</summary>
    private static Func<Tensor, Tensor> LlamaNormQkv(nn.Module model)
    {
        var norm = Forward(model, "model.layers.0.input_layernorm");
        var projections = new[] { "q_proj", "k_proj", "v_proj" }.Select(name => Linear(model, $"model.layers.0.self_attn.{name}")).ToArray();
        return x =>
        {
            var normalized = norm.forward(x);
            projections[0].forward(normalized);
            projections[1].forward(normalized);
            return projections[2].forward(normalized);
        };
    }

    private static nn.Module<Tensor, Tensor> Forward(nn.Module model, string path) => (nn.Module<Tensor, Tensor>)Module(model, path);

    private static Linear Linear(nn.Module model, string path) => (Linear)Module(model, path);

    private static nn.Module Module(nn.Module model, string path) => model.named_modules().First(m => m.name == path).module;

    private static double MaxAbsError(nn.Module<Tensor, Tensor> unfolded, nn.Module<Tensor, Tensor> folded, Tensor input)
    {
        using var _ = no_grad();
        using var expected = unfolded.forward(input);
        using var actual = folded.forward(input);
        using var error = (actual - expected).abs().max();
        return error.item<float>();
    }

    private static void Dispose(params nn.Module[] models)
    {
        foreach (var model in models) model.Dispose();
    }

    private static string Milliseconds(double ms) => ms < 10 ? $"{ms:F3} ms" : $"{ms:F1} ms";
}
