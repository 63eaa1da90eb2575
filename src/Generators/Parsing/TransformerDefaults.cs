namespace DyT.Generators.Parsing;

/// <summary>
/// The values of <c>DyT.TransformerAttribute</c>'s properties when the user does not set them. They must equal the
/// property initializers in the runtime; a test compares the two.
/// </summary>
internal static class TransformerDefaults
{
    public const int Dim = 768;
    public const int Depth = 12;
    public const int Heads = 12;
    public const double MlpRatio = 4.0;
    public const int Norm = 2; // NormKind.DyT
    public const double AlphaInit = 0.5;
    public const int PatchSize = 16;
    public const int ImageSize = 224;
    public const int InChannels = 3;
    public const int NumClasses = 1000;
    public const int VocabSize = 32000;
    public const int MaxSeqLen = 4096;
    public const bool LearnSigma = true;
}
