using System;
using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>What the generation code needs to know of an <see cref="ICausalLanguageModel"/> beyond its forward.</summary>
internal static class CausalLanguageModels
{
    /// <summary>The model's LLaMA declaration (vocabulary, layers, heads, MaxSeqLen).</summary>
    public static LlamaDeclaration DeclarationOf(ICausalLanguageModel model) =>
        model.Declaration as LlamaDeclaration
        ?? throw new ArgumentException(
            $"model must declare a LLaMA (a LlamaDeclaration); {model.GetType().Name} declares a {model.Declaration?.Family ?? "null"} model.", nameof(model));

    /// <summary>The model as a TorchSharp module, for its parameters' dtype and device.</summary>
    public static nn.Module ModuleOf(ICausalLanguageModel model) =>
        model as nn.Module
        ?? throw new ArgumentException($"model must be a TorchSharp module; {model.GetType().Name} is not.", nameof(model));
}
