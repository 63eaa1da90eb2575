namespace DyT.Declarations;

/// <summary>A Diffusion Transformer's hyperparameters (facebookresearch/DiT), with the values in effect.</summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="Depth">Number of blocks.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="MlpRatio">MLP hidden width as a multiple of <paramref name="Dim"/>.</param>
/// <param name="PatchSize">Side of a square patch of the latent.</param>
/// <param name="ImageSize">Side of the square latent.</param>
/// <param name="InChannels">Channels of the latent.</param>
/// <param name="NumClasses">Number of classes (the null class for guidance comes on top).</param>
/// <param name="LearnSigma">Whether the model predicts the variance as well as the noise.</param>
/// <param name="AdaLnZeroInit">Whether the adaLN modulation and the final layer start at zero (in effect).</param>
/// <param name="Norm">The norm before every modulation.</param>
/// <param name="AlphaInit">Initial alpha of DyT and Derf layers; null for norms without one.</param>
public sealed record DitDeclaration(
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
    bool LearnSigma,
    bool AdaLnZeroInit,
    NormKind Norm,
    double? AlphaInit) : ModelDeclaration(ModelName, ParameterCount)
{
    /// <inheritdoc/>
    public override string Family => "DiT";
}
