using System;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>
/// Picks the next token of each sequence from its logits, as <see cref="GenerationOptions"/> says: greedy at
/// temperature 0, else temperature, top-k, top-p and a draw. Draws come from one CPU generator seeded once, so the
/// same seed gives the same tokens whatever device the model runs on.
/// </summary>
internal sealed class TokenSampler : IDisposable
{
    private readonly GenerationOptions options;
    private readonly Generator generator;

    public TokenSampler(GenerationOptions options)
    {
        this.options = options;
        generator = new Generator(options.Seed ?? (ulong)Random.Shared.NextInt64());
    }

    /// <summary>The next token of each sequence, from logits (B, vocabulary).</summary>
    public long[] Next(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var scores = logits.to(ScalarType.Float32, CPU);
        if (options.Temperature == 0) return scores.argmax(-1).data<long>().ToArray();

        scores = scores / options.Temperature;
        var vocabulary = scores.shape[^1];
        if (options.TopK > 0 && options.TopK < vocabulary)
        {
            // Hugging Face's TopKLogitsWarper: drop every score below the k-th largest.
            var kth = scores.topk(options.TopK, dim: -1).values.narrow(-1, options.TopK - 1, 1);
            scores = scores.masked_fill(scores < kth, double.NegativeInfinity);
        }
        if (options.TopP < 1)
        {
            // Keep the most likely tokens until their probabilities reach TopP: a token stays while the mass ranked
            // above it is below TopP (the first always stays), as Hugging Face's TopPLogitsWarper.
            var (sorted, order) = scores.sort(-1, descending: true);
            var probabilities = sorted.softmax(-1);
            var massAbove = probabilities.cumsum(-1) - probabilities;
            scores = scores.scatter(-1, order, sorted.masked_fill(massAbove >= options.TopP, double.NegativeInfinity));
        }
        return multinomial(scores.softmax(-1), 1, replacement: false, generator: generator).flatten().data<long>().ToArray();
    }

    public void Dispose() => generator.Dispose();
}
