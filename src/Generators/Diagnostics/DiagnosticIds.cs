namespace DyT.Generators.Diagnostics;

/// <summary>The DYTxxx ids: part of the public contract (users suppress them by id), never reused.</summary>
internal static class DiagnosticIds
{
    // Placement and recipe rules: the paper's limits (reported by the analyzers in Analyzers/).
    public const string DyTReplacesBatchNorm = "DYT001";
    public const string DyTReplacesDataNormalization = "DYT002";
    public const string LlamaAlphaNotPerSite = "DYT003";
    public const string DitAdaLnZeroInitWithDyT = "DYT004";
    public const string WidthBeyondTested = "DYT007";

    // Configuration problems: the validators in Parsing/ return them; the generator emits nothing for such a class.
    public const string InvalidAlpha = "DYT005";
    public const string InvalidTarget = "DYT006";
    public const string HeadsMustDivideDim = "DYT010";
    public const string NonPositiveSize = "DYT011";
    public const string PatchMustDivideImage = "DYT012";
    public const string UndefinedEnumValue = "DYT013";
    public const string KvHeadsMustDivideHeads = "DYT014";
    public const string StageListMismatch = "DYT015";
    public const string OneModelAttributePerClass = "DYT016";
    public const string InvalidNormOverride = "DYT017";
    public const string ModelTooLarge = "DYT018";
    public const string WidthMustBeEven = "DYT019";
    public const string InvalidRotaryEmbedding = "DYT020";
    public const string InvalidNormEps = "DYT021";
    public const string GeneratedMemberConflict = "DYT022";
}
