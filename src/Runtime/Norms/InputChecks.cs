using System;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>Checks a norm layer applies to its input, with messages that name the expected and the actual dtype or shape.</summary>
internal static class InputChecks
{
    /// <summary>
    /// What every norm checks first, in <c>forward</c> and in <c>Unfused</c> alike: a floating-point input with
    /// <paramref name="channels"/> channels where <paramref name="layout"/> puts them.
    /// </summary>
    public static void NormInput(Tensor input, long channels, ChannelLayout layout, string layer)
    {
        FloatingPoint(input, layer);
        ChannelCount(input, channels, layout, layer);
    }

    /// <summary>
    /// An integer (or boolean, or complex) input would be promoted to the parameters' float type, normalized, and then
    /// cast back to its own dtype (every norm returns its input's dtype: see <c>OutputDtype</c>), truncating the result
    /// to integers, mostly zeros, with no error; so it is refused here.
    /// </summary>
    private static void FloatingPoint(Tensor input, string layer)
    {
        if (input.dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
            throw new ArgumentException(
                $"{layer} takes a floating-point input (Float32, Float64, Float16 or BFloat16); got {input.dtype} (convert it first, e.g. input.to(ScalarType.Float32)).",
                nameof(input));
    }

    private static void ChannelCount(Tensor input, long channels, ChannelLayout layout, string layer)
    {
        if (layout == ChannelLayout.First)
        {
            if (input.dim() != 4)
                throw new ArgumentException(
                    $"{layer} with channels-first layout expects a 4-D (B, C, H, W) input with C = {channels}; got shape {Describe(input)}.",
                    nameof(input));
            if (input.shape[1] != channels)
                throw new ArgumentException(
                    $"{layer} expects {channels} channels in dimension 1 of (B, C, H, W); got {input.shape[1]} (shape {Describe(input)}).",
                    nameof(input));
            return;
        }

        if (input.dim() == 0 || input.shape[^1] != channels)
            throw new ArgumentException(
                $"{layer} expects {channels} channels in the last dimension; got {(input.dim() == 0 ? "a scalar" : input.shape[^1].ToString())} (shape {Describe(input)}).",
                nameof(input));
    }

    public static void Positive(long value, string parameter)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} must be a positive number of channels; got {value}.");
    }

    public static void FinitePositive(double value, string parameter)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} must be a finite number > 0; got {value}.");
    }

    public static void Finite(double value, string parameter)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} must be a finite number; got {value}.");
    }

    public static string Describe(Tensor t) => "(" + string.Join(", ", t.shape) + ")";
}
