namespace DyT.Generators.Parsing;

/// <summary>
/// The values of <c>DyT.ConvNetAttribute</c>'s properties when the user does not set them; a test compares them with
/// the runtime's initializers. Empty Depths/Dims mean the family's reference configuration.
/// </summary>
internal static class ConvNetDefaults
{
    public static readonly int[] ConvNextDepths = [3, 3, 9, 3];
    public static readonly int[] ConvNextDims = [96, 192, 384, 768];
    public static readonly int[] ResNetDepths = [3, 4, 6, 3];
    public const int InChannels = 3;
    public const int NumClasses = 1000;
    public const int Norm = 2; // NormKind.DyT
    public const double AlphaInit = 0.5;
    public const double LayerScaleInit = 1e-6;
}
