using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>Picks the family's emitter for a spec.</summary>
internal static class ModelEmitter
{
    public static string? Emit(ModelSpec spec) => spec switch
    {
        VitSpec vit => VitEmitter.Emit(vit),
        LlamaSpec llama => LlamaEmitter.Emit(llama),
        DitSpec dit => DitEmitter.Emit(dit),
        ConvNextSpec convNext => ConvNextEmitter.Emit(convNext),
        ResNetSpec resNet => ResNetEmitter.Emit(resNet),
        _ => null,
    };
}
