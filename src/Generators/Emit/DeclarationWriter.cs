using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>
/// Writes a model's <c>Declaration</c>: the hyperparameters in effect as a runtime record (<c>DyT.Declarations</c>),
/// named arguments one per line, so checkpoint checks and the PyTorch export read what was compiled.
/// </summary>
internal static class DeclarationWriter
{
    /// <summary>The interface every generated model implements to hand its declaration to the runtime.</summary>
    public const string Interface = "global::DyT.Declarations.IDeclaredModel";

    public static void Write(CodeWriter writer, ModelSpec spec)
    {
        var (type, values) = Of(spec);
        writer.Line("/// <summary>The hyperparameters this model was declared with: defaults, the paper's recipe and DyTNormOverride applied.</summary>");
        writer.Line($"public static {type} Declaration {{ get; }} = new(");
        for (var i = 0; i < values.Count; i++)
            writer.Line($"    {values[i].Name}: {values[i].Value}{(i == values.Count - 1 ? ");" : ",")}");
        writer.Line();
        writer.Line($"global::DyT.Declarations.ModelDeclaration {Interface}.Declaration => Declaration;");
        writer.Line();
    }

    private static (string Type, List<(string Name, string Value)> Values) Of(ModelSpec spec) => spec switch
    {
        VitSpec vit => ("global::DyT.Declarations.VitDeclaration", Common(spec,
        [
            ("Dim", Literals.Int(vit.Dim)), ("Depth", Literals.Int(vit.Depth)), ("Heads", Literals.Int(vit.Heads)),
            ("MlpRatio", Literals.Double(vit.MlpRatio)), ("PatchSize", Literals.Int(vit.PatchSize)),
            ("ImageSize", Literals.Int(vit.ImageSize)), ("InChannels", Literals.Int(vit.InChannels)),
            ("NumClasses", Literals.Int(vit.NumClasses)), ("Norm", Norm(vit.Norm)), ("AlphaInit", Alpha(vit.Norm, vit.AlphaInit)),
        ])),
        LlamaSpec llama => ("global::DyT.Declarations.LlamaDeclaration", Common(spec,
        [
            ("Dim", Literals.Int(llama.Dim)), ("Depth", Literals.Int(llama.Depth)), ("Heads", Literals.Int(llama.Heads)),
            ("KvHeads", Literals.Int(llama.KvHeadCount)), ("FfnDim", Literals.Int(llama.FfnHidden)),
            ("VocabSize", Literals.Int(llama.VocabSize)), ("MaxSeqLen", Literals.Int(llama.MaxSeqLen)), ("Norm", Norm(llama.Norm)),
            ("AlphaInitAttention", Alpha(llama.Norm, llama.Alphas.Attention)),
            ("AlphaInitFfn", Alpha(llama.Norm, llama.Alphas.Ffn)),
            ("AlphaInitFinal", Alpha(llama.Norm, llama.Alphas.Final)),
            ("EmbedScale", Bool(llama.HasEmbedScale)),
            ("RopeTheta", Literals.Double(llama.RopeTheta)),
            ("NormEps", llama.Norm is NormKind.RMSNorm or NormKind.LayerNorm ? Literals.Double(llama.NormEps) : "null"),
            ("TieEmbeddings", Bool(llama.TieEmbeddings)),
            ("RopeScaling", llama.RopeScaling is { } scaling ? RopeScaling(scaling) : "null"),
        ])),
        DitSpec dit => ("global::DyT.Declarations.DitDeclaration", Common(spec,
        [
            ("Dim", Literals.Int(dit.Dim)), ("Depth", Literals.Int(dit.Depth)), ("Heads", Literals.Int(dit.Heads)),
            ("MlpRatio", Literals.Double(dit.MlpRatio)), ("PatchSize", Literals.Int(dit.PatchSize)),
            ("ImageSize", Literals.Int(dit.ImageSize)), ("InChannels", Literals.Int(dit.InChannels)),
            ("NumClasses", Literals.Int(dit.NumClasses)), ("LearnSigma", Bool(dit.LearnSigma)), ("AdaLnZeroInit", Bool(dit.ZeroInit)),
            ("Norm", Norm(dit.Norm)), ("AlphaInit", Alpha(dit.Norm, dit.AlphaInit)),
        ])),
        ConvNextSpec convNext => ("global::DyT.Declarations.ConvNextDeclaration", Common(spec,
        [
            ("Depths", Ints(convNext.Depths)), ("Dims", Ints(convNext.Dims)), ("InChannels", Literals.Int(convNext.InChannels)),
            ("NumClasses", Literals.Int(convNext.NumClasses)), ("Norm", Norm(convNext.Norm)),
            ("AlphaInit", Alpha(convNext.Norm, convNext.AlphaInit)), ("LayerScaleInit", Literals.Double(convNext.LayerScaleInit)),
        ])),
        ResNetSpec resNet => ("global::DyT.Declarations.ResNetDeclaration", Common(spec,
        [
            ("Depths", Ints(resNet.Depths)), ("InChannels", Literals.Int(resNet.InChannels)), ("NumClasses", Literals.Int(resNet.NumClasses)),
            ("Norm", resNet.Norm is { } kind ? Norm(kind) : "null"),
            ("AlphaInit", resNet.Norm is { } alphaKind ? Alpha(alphaKind, resNet.AlphaInit) : "null"),
        ])),
        _ => throw new System.InvalidOperationException($"no declaration for {spec.GetType().Name}"),
    };

    private static List<(string Name, string Value)> Common(ModelSpec spec, (string Name, string Value)[] values) =>
        [("ModelName", Literals.String(spec.Target.Name)), ("ParameterCount", "ParameterCount"), .. values];

    private static string Norm(NormKind kind) =>
        System.Enum.IsDefined(typeof(NormKind), kind) ? $"{TypeNames.NormKind}.{kind}" : throw UndefinedValue.Of(kind);

    /// <summary>The alpha of DyT and Derf; null for norms that have none.</summary>
    private static string Alpha(NormKind kind, double alpha) => kind is NormKind.DyT or NormKind.Derf ? Literals.Double(alpha) : "null";

    private static string RopeScaling(LlamaRopeScaling scaling) =>
        $"new global::DyT.Blocks.RopeScaling(factor: {Literals.Double(scaling.Factor)}, lowFreqFactor: {Literals.Double(scaling.LowFreqFactor)}, " +
        $"highFreqFactor: {Literals.Double(scaling.HighFreqFactor)}, originalMaxPositions: {Literals.Int(scaling.OriginalMaxPositions)})";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Ints(IEnumerable<int> values) => $"new int[] {{ {string.Join(", ", values.Select(value => Literals.Int(value)))} }}";
}
