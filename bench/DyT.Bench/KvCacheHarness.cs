using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using DyT.Generation;
using TorchSharp;
using static TorchSharp.torch;
using static DyT.Bench.RoundStatistics;

namespace DyT.Bench;

/// <summary>A ~15M-parameter LLaMA (width 384, 6 layers, vocabulary 6,144) with DyT, for the KV-cache harness.</summary>
[Transformer(Architecture.Llama, Dim = 384, Depth = 6, Heads = 6, VocabSize = 6144, MaxSeqLen = 512, Norm = NormKind.DyT)]
public partial class Llama15MDyT { }

/// <summary>The same LLaMA with RMSNorm.</summary>
[Transformer(Architecture.Llama, Dim = 384, Depth = 6, Heads = 6, VocabSize = 6144, MaxSeqLen = 512, Norm = NormKind.RMSNorm)]
public partial class Llama15MRms { }

/// <summary>
/// <c>--kv-cache [rounds] [norm]</c>: greedy generation of 256 tokens from an 8-token prompt with a ~15M-parameter
/// LLaMA, with the KV cache (<see cref="TokenGenerator"/>: one prefill, then one token per forward) and without it
/// (the whole sequence through the model for every new token), alternating round by round so the load of a shared
/// machine falls on both alike. Prints tokens/s of each (median over the rounds), their ratio, and whether both
/// produced the same tokens. Not a unit test: a harness, run by hand.
/// </summary>
internal static class KvCacheHarness
{
    private const int PromptLength = 8;
    private const int NewTokens = 256;

    public static void Run(int rounds, string norm)
    {
        manual_seed(0);
        nn.Module<Tensor, Tensor> model = norm.Equals("RMSNorm", StringComparison.OrdinalIgnoreCase) ? new Llama15MRms() : new Llama15MDyT();
        model.eval();
        var causal = (ICausalLanguageModel)model;
        var prompt = Enumerable.Range(0, PromptLength).Select(i => (long)(i * 37 % 6144)).ToArray();
        var options = new GenerationOptions { MaxNewTokens = NewTokens, Temperature = 0 };
        Console.WriteLine($"{model.GetType().Name}: {causal.Declaration.ParameterCount:N0} parameters; {NewTokens} tokens from a {PromptLength}-token prompt, greedy; " +
            $"{get_num_threads()} libtorch threads; {Isa()}; {rounds} round(s), each runs both");

        List<long> cached = [], recomputed = [];
        var withCache = new List<double>();
        var withoutCache = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            cached = causal.Generate(prompt, options).ToList();
            withCache.Add(NewTokens / clock.Elapsed.TotalSeconds);
            clock.Restart();
            recomputed = Recompute(model, prompt);
            withoutCache.Add(NewTokens / clock.Elapsed.TotalSeconds);
            Console.WriteLine($"  round {round + 1}: {withCache[^1],8:F1} tokens/s with the cache, {withoutCache[^1],7:F1} without");
        }
        Console.WriteLine($"| with KV cache | {Median(withCache):F1} tokens/s |");
        Console.WriteLine($"| recomputing the sequence | {Median(withoutCache):F1} tokens/s |");
        Console.WriteLine($"| ratio | {Median(withCache) / Median(withoutCache):F1}x |");
        Console.WriteLine($"same {NewTokens} tokens both ways: {(cached.SequenceEqual(recomputed) ? "yes" : "NO")}");
    }

    /// <summary>Greedy decoding without a cache: every step runs the whole sequence so far.</summary>
    private static List<long> Recompute(nn.Module<Tensor, Tensor> model, long[] prompt)
    {
        var sequence = prompt.ToList();
        using var _ = no_grad();
        for (var i = 0; i < NewTokens; i++)
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(sequence.ToArray()).unsqueeze(0));
            sequence.Add(logits[0, -1].argmax().item<long>());
        }
        return sequence.GetRange(prompt.Length, NewTokens);
    }

    private static string Isa() => Avx512F.IsSupported ? "AVX-512 host" : Avx2.IsSupported ? "AVX2 host" : "no AVX2";
}
