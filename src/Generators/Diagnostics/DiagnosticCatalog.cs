using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Diagnostics;

/// <summary>
/// Every DYTxxx descriptor, in one place. Each help link points at <c>docs/diagnostics/DYTxxx.md</c> in the repository
/// (<see cref="HelpLinks"/>), which gives the paper's numbers behind the rule, the fix and how to suppress it. A test
/// checks that every id in <see cref="DiagnosticIds"/> has a descriptor here and a docs page, so an id added by a
/// validator is never silent.
/// </summary>
internal static class DiagnosticCatalog
{
    private const string Placement = "DyT.Placement";
    private const string Recipe = "DyT.Recipe";
    private const string Configuration = "DyT.Configuration";

    public static readonly DiagnosticDescriptor DyTReplacesBatchNorm = Create(
        DiagnosticIds.DyTReplacesBatchNorm, Placement, DiagnosticSeverity.Warning,
        "DyT replaces BatchNorm in a BatchNorm-heavy ConvNet",
        "{0}: DyT in place of BatchNorm is the placement the paper shows to fail (ImageNet top-1 fell from 76.2% to 68.9% on ResNet-50 and from 72.7% to 71.0% on VGG19); keep BatchNorm");

    public static readonly DiagnosticDescriptor DyTReplacesDataNormalization = Create(
        DiagnosticIds.DyTReplacesDataNormalization, Placement, DiagnosticSeverity.Warning,
        "DyT replaces a normalization that acts as data normalization",
        "{0}: this GroupNorm normalizes the input data itself (as the first GroupNorm of a wav2vec 2.0 feature encoder, which the paper keeps); replace only the Transformer's LayerNorms");

    public static readonly DiagnosticDescriptor LlamaAlphaNotPerSite = Create(
        DiagnosticIds.LlamaAlphaNotPerSite, Recipe, DiagnosticSeverity.Warning,
        "DyT LLaMA departs from the paper's recipe",
        "{0}");

    public static readonly DiagnosticDescriptor DitAdaLnZeroInitWithDyT = Create(
        DiagnosticIds.DitAdaLnZeroInitWithDyT, Recipe, DiagnosticSeverity.Warning,
        "DiT with DyT and adaLN zero-initialisation",
        "'{0}' zero-initialises the adaLN modulation of a DyT DiT; the paper removes that initialisation for DyT models because it hurts them (it keeps it for LayerNorm)");

    public static readonly DiagnosticDescriptor InvalidAlpha = Create(
        DiagnosticIds.InvalidAlpha, Configuration, DiagnosticSeverity.Error,
        "Invalid initial alpha",
        "{0}");

    /// <summary>Same id as <see cref="InvalidAlpha"/>: a finite positive alpha far from the tested range is legal but suspicious.</summary>
    public static readonly DiagnosticDescriptor AlphaOutsideUsualRange = Create(
        DiagnosticIds.InvalidAlpha, Configuration, DiagnosticSeverity.Warning,
        "Initial alpha outside [0.01, 10]",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidTarget = Create(
        DiagnosticIds.InvalidTarget, Configuration, DiagnosticSeverity.Error,
        "The annotated class cannot be generated",
        "{0}");

    public static readonly DiagnosticDescriptor WidthBeyondTested = Create(
        DiagnosticIds.WidthBeyondTested, Recipe, DiagnosticSeverity.Info,
        "DyT on a width beyond what the paper tested",
        "DyT at width {0} is beyond the widest the paper tested (8192); its alpha table stops there (8192: attention 0.2, other 0.05), so watch the first steps for instability");

    public static readonly DiagnosticDescriptor HeadsMustDivideDim = Create(
        DiagnosticIds.HeadsMustDivideDim, Configuration, DiagnosticSeverity.Error,
        "Heads must divide Dim", "{0}");

    public static readonly DiagnosticDescriptor NonPositiveSize = Create(
        DiagnosticIds.NonPositiveSize, Configuration, DiagnosticSeverity.Error,
        "Size must be positive", "{0}");

    public static readonly DiagnosticDescriptor PatchMustDivideImage = Create(
        DiagnosticIds.PatchMustDivideImage, Configuration, DiagnosticSeverity.Error,
        "PatchSize must divide ImageSize", "{0}");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Create(
        DiagnosticIds.UndefinedEnumValue, Configuration, DiagnosticSeverity.Error,
        "Undefined enum value", "{0}");

    public static readonly DiagnosticDescriptor KvHeadsMustDivideHeads = Create(
        DiagnosticIds.KvHeadsMustDivideHeads, Configuration, DiagnosticSeverity.Error,
        "KvHeads must divide Heads", "{0}");

    public static readonly DiagnosticDescriptor StageListMismatch = Create(
        DiagnosticIds.StageListMismatch, Configuration, DiagnosticSeverity.Error,
        "Stage lists do not match", "{0}");

    public static readonly DiagnosticDescriptor OneModelAttributePerClass = Create(
        DiagnosticIds.OneModelAttributePerClass, Configuration, DiagnosticSeverity.Error,
        "One model attribute per class", "{0}");

    /// <summary>A warning: the build still succeeds, every model keeping its attribute's norm.</summary>
    public static readonly DiagnosticDescriptor InvalidNormOverride = Create(
        DiagnosticIds.InvalidNormOverride, Configuration, DiagnosticSeverity.Warning,
        "DyTNormOverride is not a norm name", "{0}");

    public static readonly DiagnosticDescriptor ModelTooLarge = Create(
        DiagnosticIds.ModelTooLarge, Configuration, DiagnosticSeverity.Error,
        "Model size beyond the generator's limits", "{0}");

    public static readonly DiagnosticDescriptor WidthMustBeEven = Create(
        DiagnosticIds.WidthMustBeEven, Configuration, DiagnosticSeverity.Error,
        "Width must be even for the position embedding", "{0}");

    public static readonly DiagnosticDescriptor InvalidRotaryEmbedding = Create(
        DiagnosticIds.InvalidRotaryEmbedding, Configuration, DiagnosticSeverity.Error,
        "Invalid rotary embedding base or scaling", "{0}");

    public static readonly DiagnosticDescriptor InvalidNormEps = Create(
        DiagnosticIds.InvalidNormEps, Configuration, DiagnosticSeverity.Error,
        "Invalid norm epsilon", "{0}");

    public static readonly DiagnosticDescriptor GeneratedMemberConflict = Create(
        DiagnosticIds.GeneratedMemberConflict, Configuration, DiagnosticSeverity.Error,
        "A name in the model class is one the generator writes", "{0}");

    /// <summary>Every descriptor, for tests and for analyzers that report configuration problems.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        DyTReplacesBatchNorm, DyTReplacesDataNormalization, LlamaAlphaNotPerSite, DitAdaLnZeroInitWithDyT,
        InvalidAlpha, AlphaOutsideUsualRange, InvalidTarget, WidthBeyondTested,
        HeadsMustDivideDim, NonPositiveSize, PatchMustDivideImage, UndefinedEnumValue,
        KvHeadsMustDivideHeads, StageListMismatch, OneModelAttributePerClass, InvalidNormOverride, ModelTooLarge, WidthMustBeEven,
        InvalidRotaryEmbedding, InvalidNormEps, GeneratedMemberConflict,
    ];

    /// <summary>The descriptors of the problems the reader finds (<c>Parsing.ModelReader</c>): configuration and alpha.</summary>
    public static ImmutableArray<DiagnosticDescriptor> ForReaderProblems { get; } =
    [
        InvalidAlpha, AlphaOutsideUsualRange, InvalidTarget, HeadsMustDivideDim, NonPositiveSize, PatchMustDivideImage,
        UndefinedEnumValue, KvHeadsMustDivideHeads, StageListMismatch, OneModelAttributePerClass, ModelTooLarge, WidthMustBeEven,
        InvalidRotaryEmbedding, InvalidNormEps, GeneratedMemberConflict,
    ];

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message) =>
        new(id, title, message, category, severity, isEnabledByDefault: true,
            description: null, helpLinkUri: HelpLinks.For(id));
}
