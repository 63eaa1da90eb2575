namespace DyT.Declarations;

/// <summary>A generated model: it knows the hyperparameters it was declared with.</summary>
public interface IDeclaredModel
{
    /// <summary>The model's declaration (the same object as the generated class's static <c>Declaration</c>).</summary>
    ModelDeclaration Declaration { get; }
}
