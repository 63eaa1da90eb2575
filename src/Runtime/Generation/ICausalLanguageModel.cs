using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>
/// A decoder-only language model that can continue a sequence from a <see cref="KvCache"/>. Every generated LLaMA
/// implements it; <see cref="TokenGenerator"/> drives it, and <see cref="KvCache.For"/> sizes a cache from its
/// declaration.
/// </summary>
public interface ICausalLanguageModel : IDeclaredModel
{
    /// <summary>
    /// Next-token logits (B, T, vocabulary) for tokens (B, T) at positions <c>cache.Length</c> ..
    /// <c>cache.Length + T - 1</c>; every layer appends the tokens' keys and values to <paramref name="cache"/>, which
    /// then holds T more positions.
    /// </summary>
    Tensor forward(Tensor tokens, KvCache cache);
}
