using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The arguments of one <c>[Transformer(...)]</c>, read from its attribute data with the defaults filled in.
/// Shared by the generator and the analyzers so both see the same values.
/// </summary>
internal sealed class TransformerArguments : AttributeArguments
{
    private TransformerArguments(int architecture, ImmutableDictionary<string, TypedConstant> named) : base(architecture, named) { }

    public int Dim => Int(nameof(Dim), TransformerDefaults.Dim);
    public int Depth => Int(nameof(Depth), TransformerDefaults.Depth);
    public int Heads => Int(nameof(Heads), TransformerDefaults.Heads);
    public double MlpRatio => Double(nameof(MlpRatio), TransformerDefaults.MlpRatio);
    public int Norm => Int(nameof(Norm), TransformerDefaults.Norm);
    public double AlphaInit => Double(nameof(AlphaInit), TransformerDefaults.AlphaInit);
    public int PatchSize => Int(nameof(PatchSize), TransformerDefaults.PatchSize);
    public int ImageSize => Int(nameof(ImageSize), TransformerDefaults.ImageSize);
    public int InChannels => Int(nameof(InChannels), TransformerDefaults.InChannels);
    public int NumClasses => Int(nameof(NumClasses), TransformerDefaults.NumClasses);
    public int VocabSize => Int(nameof(VocabSize), TransformerDefaults.VocabSize);
    public int MaxSeqLen => Int(nameof(MaxSeqLen), TransformerDefaults.MaxSeqLen);
    public int FfnDim => Int(nameof(FfnDim), 0);
    public int KvHeads => Int(nameof(KvHeads), 0);
    public double AlphaInitAttention => Double(nameof(AlphaInitAttention), double.NaN);
    public double AlphaInitFfn => Double(nameof(AlphaInitFfn), double.NaN);
    public double AlphaInitFinal => Double(nameof(AlphaInitFinal), double.NaN);
    public bool? EmbedScale => Bool(nameof(EmbedScale));
    public bool LearnSigma => Bool(nameof(LearnSigma)) ?? TransformerDefaults.LearnSigma;
    public bool? AdaLnZeroInit => Bool(nameof(AdaLnZeroInit));

    /// <summary>KvHeads in effect: 0 (not set) means one key/value head per query head.</summary>
    public int EffectiveKvHeads => KvHeads == 0 ? Heads : KvHeads;

    /// <summary>Reads the attribute; null when it does not bind (the compiler reports that error itself).</summary>
    public static TransformerArguments? Read(AttributeData attribute) =>
        TryRead(attribute, out var architecture, out var named) ? new TransformerArguments(architecture, named) : null;
}
