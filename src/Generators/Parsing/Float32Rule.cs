using System;
using DyT.Generators.Text;

namespace DyT.Generators.Parsing;

/// <summary>
/// The attributes take doubles, but the values they initialise (DyT's alpha, ConvNeXt's layer scale) are float32
/// parameters. A double float32 cannot hold becomes infinity (the runtime then throws), and one too small becomes 0
/// (a DyT that outputs only its bias) or a subnormal (which loses precision and is slow on many CPUs).
/// </summary>
internal static class Float32Rule
{
    /// <summary>The smallest positive normal float32, 2^-126 (netstandard2.0 has no float.IsSubnormal).</summary>
    private const float SmallestNormal = 1.17549435E-38f;

    /// <summary>Why <paramref name="value"/> cannot initialise a float32 parameter, or null when it can (0 can).</summary>
    public static string? Problem(double value)
    {
        var single = (float)value;
        if (float.IsInfinity(single))
            return $"float32 cannot hold it (its largest value is {Literals.Double(float.MaxValue)})";
        if (value != 0 && single == 0)
            return "it rounds to 0 in float32";
        if (Math.Abs(single) < SmallestNormal && single != 0)
            return $"it rounds to a subnormal float32 (the smallest normal one is {Literals.Double(SmallestNormal)})";
        return null;
    }
}
