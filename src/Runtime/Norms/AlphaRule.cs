using System;
using System.Globalization;

namespace DyT.Norms;

/// <summary>How <see cref="NormCalibration"/> sets a new DyT layer's alpha from the input its LayerNorm saw.</summary>
public sealed class AlphaRule
{
    /// <summary>
    /// The default c of <c>alpha = c / std</c>: where trained DyT layers settle. In the MNIST ViT of
    /// <c>./setup/evidence.sh</c> (the paper's Figure 8 redrawn), alpha times the std of each DyT layer's input ends at
    /// about 2 (fitted through the origin: 1.99; median over layers 2.04); and a trained LayerNorm ViT converted with
    /// <c>c / std</c> keeps the most accuracy before fine-tuning for c between 2 and 3, more than with
    /// <see cref="GaussianMatch"/> (which matches values, tails included, while the network needs the slope of the bulk).
    /// </summary>
    public const double DefaultScale = 2.0;

    /// <summary>
    /// The c of <c>alpha = c / std</c> for which <c>tanh(alpha x)</c> is closest to LayerNorm's <c>x / std</c>:
    /// c minimises <c>E[(tanh(c z) - z)^2]</c> for standard normal z (1.4279; 0.5 gives 0.347, 1.0 gives 0.183, 1.4279
    /// gives 0.162). The tanh then follows the normalized value through its bulk and squashes only the tails.
    /// </summary>
    public const double GaussianMatch = 1.4279;

    private readonly Func<double, double> alphaFor;
    private readonly string description;

    private AlphaRule(Func<double, double> alphaFor, string description)
    {
        this.alphaFor = alphaFor;
        this.description = description;
    }

    /// <summary><c>alpha = scale / std</c> of the LayerNorm's input over the calibration batches.</summary>
    /// <param name="scale">The c of the rule; <see cref="DefaultScale"/> by default. Finite and &gt; 0.</param>
    public static AlphaRule InverseStd(double scale = DefaultScale)
    {
        InputChecks.FinitePositive(scale, nameof(scale));
        return new AlphaRule(std => scale / std, string.Create(CultureInfo.InvariantCulture, $"alpha = {scale:0.####} / std"));
    }

    /// <summary>The same alpha for every layer, whatever its input: the uncalibrated conversion (the paper's 0.5).</summary>
    /// <param name="alpha">Finite and &gt; 0.</param>
    public static AlphaRule Fixed(double alpha)
    {
        InputChecks.FinitePositive(alpha, nameof(alpha));
        return new AlphaRule(_ => alpha, string.Create(CultureInfo.InvariantCulture, $"alpha = {alpha:0.####}"));
    }

    /// <summary>The alpha for a layer whose input had standard deviation <paramref name="inputStd"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The std is not finite and positive (a constant input has no scale to match).</exception>
    public double AlphaFor(double inputStd)
    {
        InputChecks.FinitePositive(inputStd, nameof(inputStd));
        return alphaFor(inputStd);
    }

    /// <inheritdoc/>
    public override string ToString() => description;
}
