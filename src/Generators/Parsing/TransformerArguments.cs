using DyT.Generators.Specs;

namespace DyT.Generators.Parsing;

/// <summary>
/// The values of one <c>[Transformer(...)]</c>: each written one, else the default of the attribute itself (a
/// default-constructed <see cref="TransformerAttribute"/>, so a default lives in one place). Properties whose unwritten
/// state means something other than a value (LLaMA's FFN rule, one key/value head per head, the alpha table, the
/// family's recipe switches) are null when not written.
/// </summary>
internal sealed class TransformerArguments
{
    private readonly WrittenArguments written;
    private readonly TransformerAttribute defaults;

    public TransformerArguments(WrittenArguments written)
    {
        this.written = written;
        defaults = new TransformerAttribute((Architecture)written.Architecture);
    }

    /// <summary>The family; <see cref="TransformerValidator"/> checks that it is a defined member.</summary>
    public Architecture Architecture => (Architecture)written.Architecture;

    public int Dim => written.Int(nameof(TransformerAttribute.Dim), defaults.Dim);
    public int Depth => written.Int(nameof(TransformerAttribute.Depth), defaults.Depth);
    public int Heads => written.Int(nameof(TransformerAttribute.Heads), defaults.Heads);
    public double MlpRatio => written.Double(nameof(TransformerAttribute.MlpRatio), defaults.MlpRatio);
    public NormKind Norm => (NormKind)written.Int(nameof(TransformerAttribute.Norm), (int)defaults.Norm);
    public double AlphaInit => written.Double(nameof(TransformerAttribute.AlphaInit), defaults.AlphaInit);
    public int PatchSize => written.Int(nameof(TransformerAttribute.PatchSize), defaults.PatchSize);
    public int ImageSize => written.Int(nameof(TransformerAttribute.ImageSize), defaults.ImageSize);
    public int InChannels => written.Int(nameof(TransformerAttribute.InChannels), defaults.InChannels);
    public int NumClasses => written.Int(nameof(TransformerAttribute.NumClasses), defaults.NumClasses);
    public int VocabSize => written.Int(nameof(TransformerAttribute.VocabSize), defaults.VocabSize);
    public int MaxSeqLen => written.Int(nameof(TransformerAttribute.MaxSeqLen), defaults.MaxSeqLen);
    public double RopeTheta => written.Double(nameof(TransformerAttribute.RopeTheta), defaults.RopeTheta);
    public double NormEps => written.Double(nameof(TransformerAttribute.NormEps), defaults.NormEps);
    public bool TieEmbeddings => written.BoolIfWritten(nameof(TransformerAttribute.TieEmbeddings)) ?? defaults.TieEmbeddings;
    public double RopeScalingFactor => written.Double(nameof(TransformerAttribute.RopeScalingFactor), defaults.RopeScalingFactor);
    public double RopeLowFreqFactor => written.Double(nameof(TransformerAttribute.RopeLowFreqFactor), defaults.RopeLowFreqFactor);
    public double RopeHighFreqFactor => written.Double(nameof(TransformerAttribute.RopeHighFreqFactor), defaults.RopeHighFreqFactor);
    public int RopeOriginalMaxPositions => written.Int(nameof(TransformerAttribute.RopeOriginalMaxPositions), defaults.RopeOriginalMaxPositions);

    /// <summary>Llama 3.1's rotary scaling: off (null) while all four of its values are 0, the attribute's "off".</summary>
    public LlamaRopeScaling? RopeScaling =>
        RopeScalingFactor == 0 && RopeLowFreqFactor == 0 && RopeHighFreqFactor == 0 && RopeOriginalMaxPositions == 0
            ? null
            : new LlamaRopeScaling(RopeScalingFactor, RopeLowFreqFactor, RopeHighFreqFactor, RopeOriginalMaxPositions);

    public bool LearnSigma => written.BoolIfWritten(nameof(TransformerAttribute.LearnSigma)) ?? defaults.LearnSigma;

    /// <summary>LLaMA: AlphaInit when written, which then replaces the width table for every norm.</summary>
    public double? WrittenAlphaInit => written.DoubleIfWritten(nameof(TransformerAttribute.AlphaInit));

    public int? FfnDim => written.IntIfWritten(nameof(TransformerAttribute.FfnDim));
    public int? KvHeads => written.IntIfWritten(nameof(TransformerAttribute.KvHeads));
    public double? AlphaInitAttention => written.DoubleIfWritten(nameof(TransformerAttribute.AlphaInitAttention));
    public double? AlphaInitFfn => written.DoubleIfWritten(nameof(TransformerAttribute.AlphaInitFfn));
    public double? AlphaInitFinal => written.DoubleIfWritten(nameof(TransformerAttribute.AlphaInitFinal));
    public bool? EmbedScale => written.BoolIfWritten(nameof(TransformerAttribute.EmbedScale));
    public bool? AdaLnZeroInit => written.BoolIfWritten(nameof(TransformerAttribute.AdaLnZeroInit));

    /// <summary>The spec of a valid declaration (the validator found no error).</summary>
    public ModelSpec? ToSpec(TargetType target) => Architecture switch
    {
        Architecture.ViT => new VitSpec(target, Dim, Depth, Heads, MlpRatio, Norm, AlphaInit, PatchSize, ImageSize, InChannels, NumClasses),
        Architecture.Llama => new LlamaSpec(target, Dim, Depth, Heads, KvHeads, FfnDim, VocabSize, MaxSeqLen, Norm,
            WrittenAlphaInit, AlphaInitAttention, AlphaInitFfn, AlphaInitFinal, EmbedScale, RopeTheta, NormEps, TieEmbeddings, RopeScaling),
        Architecture.DiT => new DitSpec(target, Dim, Depth, Heads, MlpRatio, Norm, AlphaInit, PatchSize, ImageSize, InChannels,
            NumClasses, LearnSigma, AdaLnZeroInit),
        _ => null,   // undefined: the validator reported DYT013
    };
}
