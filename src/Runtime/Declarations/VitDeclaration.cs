namespace DyT.Declarations;

/// <summary>A Vision Transformer's hyperparameters (timm's VisionTransformer).</summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="Depth">Number of blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="MlpRatio">MLP hidden width as a multiple of <paramref name="Dim"/>.</param>
/// <param name="PatchSize">Side of a square patch in pixels.</param>
/// <param name="ImageSize">Side of the square input image.</param>
/// <param name="InChannels">Channels of the input image.</param>
/// <param name="NumClasses">Number of classes.</param>
/// <param name="Norm">The norm of every block and of the final norm.</param>
/// <param name="AlphaInit">Initial alpha of DyT and Derf layers; null for norms without one.</param>
public sealed record VitDeclaration(
    string ModelName,
    long ParameterCount,
    int Dim,
    int Depth,
    int Heads,
    double MlpRatio,
    int PatchSize,
    int ImageSize,
    int InChannels,
    int NumClasses,
    NormKind Norm,
    double? AlphaInit) : ModelDeclaration(ModelName, ParameterCount)
{
    /// <inheritdoc/>
    public override string Family => "ViT";
}
