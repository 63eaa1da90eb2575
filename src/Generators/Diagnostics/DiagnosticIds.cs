namespace DyT.Generators.Diagnostics;

/// <summary>The DYTxxx ids: part of the public contract (users suppress them by id), never reused.</summary>
internal static class DiagnosticIds
{
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
}
