namespace DyT.Declarations;

/// <summary>
/// The hyperparameters a generated model was declared with, as the generator resolved them: the values its attribute
/// writes, the family's defaults, the paper's recipe (LLaMA alphas, embedding scale, DiT adaLN-Zero) and the project's
/// <c>DyTNormOverride</c>. Every generated model exposes its own as a static <c>Declaration</c> and through
/// <see cref="IDeclaredModel"/>; checkpoint checks and the PyTorch export read it, so they describe the model that was
/// compiled rather than what a caller believes it to be.
/// </summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
public abstract record ModelDeclaration(string ModelName, long ParameterCount)
{
    /// <summary>The family: <c>ViT</c>, <c>Llama</c>, <c>DiT</c>, <c>ConvNeXt</c> or <c>ResNet</c>.</summary>
    public abstract string Family { get; }
}
