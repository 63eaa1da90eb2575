using System;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>Argument and input checks shared by the channels-first norms.</summary>
internal static class ChannelsFirst
{
    public static void CheckArguments(long channels, double eps)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"channels must be > 0; got {channels}.");
        if (!(eps > 0) || double.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be finite and > 0; got {eps}.");
    }

    public static void CheckInput(Tensor input, long channels, string layer)
    {
        if (input.dim() != 4 || input.shape[1] != channels)
            throw new ArgumentException(
                $"{layer} expects a (B, {channels}, H, W) input; got ({string.Join(", ", input.shape)}).", nameof(input));
    }
}
