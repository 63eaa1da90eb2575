using System;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>Checks a norm layer applies to its input, with messages that name the expected and the actual shape.</summary>
internal static class InputChecks
{
    public static void ChannelCount(Tensor input, long channels, ChannelLayout layout, string layer)
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
