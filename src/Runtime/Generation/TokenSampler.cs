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

    /// <summary>The next token of each sequence, from logits (B, vocabulary); <paramref name="step"/> (0 for the first generated token) is for errors.</summary>
    /// <exception cref="InvalidOperationException">A sequence's logits hold NaN, or are all -infinity.</exception>
    public long[] Next(Tensor logits, int step)
    {
        using var scope = NewDisposeScope();
        // Float64 whatever the model's dtype: it is one vocabulary-sized row per sequence, so it costs little, and it
        // keeps a float64 model's near ties that float32 would round into one.
        var scores = logits.to(ScalarType.Float64, CPU);
        RefuseUnpickable(scores, step, logits.dtype);
        if (options.Temperature == 0) return scores.argmax(-1).data<long>().ToArray();

        // A +infinity logit outweighs every finite one at any temperature: the limit of the softmax draws among the
        // +infinity tokens alone, evenly. (Left as it is, the subtraction below would make it inf - inf = NaN.)
        var infinite = scores.isposinf();
        var rowsWithInfinity = infinite.any(-1, keepdim: true);
        scores = where(rowsWithInfinity, where(infinite, 0.0, double.NegativeInfinity), scores);

        // Softmax, top-k and top-p are unchanged by subtracting a row's largest score. After it that score is 0 and
        // the others are negative, so however small the temperature, the division gives 0 and finite or -inf scores,
        // never inf (whose softmax is NaN): as the temperature goes to 0 the draw becomes the greedy pick.
        scores = (scores - scores.amax(new long[] { -1 }, keepdim: true)) / options.Temperature;
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

    /// <summary>
    /// NaN logits, or a row of -infinity only, would otherwise become a token (argmax takes NaN for the largest, and
    /// the first of equal -infinities) or a native error in the draw that names neither the sequence nor the step.
    /// </summary>
    private static void RefuseUnpickable(Tensor scores, int step, ScalarType dtype)
    {
        Refuse(scores.isnan().any(-1), "hold NaN", step, $"the model's weights or activations hold NaN or overflowed its dtype ({dtype})");
        Refuse(scores.isneginf().all(-1), "are all -infinity", step, "every token is masked out");
    }

    private static void Refuse(Tensor rows, string what, int step, string why)
    {
        if (!rows.any().item<bool>()) return;
        var sequence = rows.nonzero()[0, 0].item<long>();
        throw new InvalidOperationException(
            $"The logits of sequence {sequence} at step {step} (0: the first generated token) {what}, so no token can be picked; {why}.");
    }

    public void Dispose() => generator.Dispose();
}
