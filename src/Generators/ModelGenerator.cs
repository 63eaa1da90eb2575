using System.Linq;
using DyT.Generators.Emit;
using DyT.Generators.Parsing;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators;

/// <summary>
/// Expands every <c>[Transformer(...)]</c> and <c>[ConvNet(...)]</c> partial class into a TorchSharp module: read
/// the attribute into an equatable spec (<see cref="ModelReader"/>, the reader the analyzers use too), apply the
/// project's <c>DyTNormOverride</c>, then emit one <c>Namespace.Type.g.cs</c> per model. Invalid classes get no
/// output; the analyzers report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, asserted by the incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>[Transformer] attribute to spec (null when invalid).</summary>
        public const string TransformerRead = "DyT.Transformer.Read";

        /// <summary>Only the valid Transformer specs.</summary>
        public const string TransformerValid = "DyT.Transformer.Valid";

        /// <summary>Transformer specs with the project's norm override applied.</summary>
        public const string TransformerResolved = "DyT.Transformer.Resolved";

        /// <summary>[ConvNet] attribute to spec (null when invalid).</summary>
        public const string ConvNetRead = "DyT.ConvNet.Read";

        /// <summary>Only the valid ConvNet specs.</summary>
        public const string ConvNetValid = "DyT.ConvNet.Valid";

        /// <summary>ConvNet specs with the project's norm override applied.</summary>
        public const string ConvNetResolved = "DyT.ConvNet.Resolved";

        /// <summary>The DyTNormOverride MSBuild property, parsed.</summary>
        public const string NormOverride = "DyT.NormOverride";

        /// <summary>The model names that differ from another only in case, which number their hint names.</summary>
        public const string CaseTwins = "DyT.CaseTwins";

        /// <summary>Every step, for tests that assert on all of them.</summary>
        public static readonly string[] All =
            [TransformerRead, TransformerValid, TransformerResolved, ConvNetRead, ConvNetValid, ConvNetResolved, NormOverride, CaseTwins];
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var normOverride = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => NormOverride.Read(options.GlobalOptions))
            .WithTrackingName(Steps.NormOverride);

        var transformers = Models(context, KnownNames.TransformerAttribute, normOverride,
            Steps.TransformerRead, Steps.TransformerValid, Steps.TransformerResolved);
        var convNets = Models(context, KnownNames.ConvNetAttribute, normOverride,
            Steps.ConvNetRead, Steps.ConvNetValid, Steps.ConvNetResolved);

        // Hint names must be unique ignoring case across all models, which only the list of every model's name can tell.
        var caseTwins = transformers.Select(static (spec, _) => spec.Target.FullName).Collect()
            .Combine(convNets.Select(static (spec, _) => spec.Target.FullName).Collect())
            .Select(static (names, _) => HintNames.CaseTwins(names.Left.Concat(names.Right)))
            .WithTrackingName(Steps.CaseTwins);

        context.RegisterSourceOutput(transformers.Combine(caseTwins), Emit);
        context.RegisterSourceOutput(convNets.Combine(caseTwins), Emit);
    }

    /// <summary>
    /// Attribute to spec, valid specs only, then the project's override applied; each step tracked. The override is
    /// applied in its own step (not inside the read, which has no access to it) so that changing it re-emits without
    /// re-reading any attribute.
    /// </summary>
    private static IncrementalValuesProvider<ModelSpec> Models(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        IncrementalValueProvider<NormOverride> normOverride,
        string readStep,
        string validStep,
        string resolvedStep) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is ClassDeclarationSyntax, static (model, token) => Read(model, token))
            .WithTrackingName(readStep)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(validStep)
            .Combine(normOverride)
            .Select(static (pair, _) => pair.Right.ApplyTo(pair.Left))
            .WithTrackingName(resolvedStep);

    /// <summary>The spec of one annotated class as its attribute writes it, or null when it is invalid.</summary>
    private static ModelSpec? Read(GeneratorAttributeSyntaxContext model, System.Threading.CancellationToken token)
    {
        if (model.TargetSymbol is not INamedTypeSymbol type || model.Attributes.Length != 1) return null;
        token.ThrowIfCancellationRequested();
        return ModelReader.For(model.SemanticModel.Compilation, NormOverride.None).Read(model.Attributes[0], type, token).Spec;
    }

    private static void Emit(SourceProductionContext output, (ModelSpec Spec, EquatableArray<string> CaseTwins) model)
    {
        var source = ModelEmitter.Emit(model.Spec);
        if (source is not null) output.AddSource(HintNames.For(HintNames.Stem(model.Spec.Target, model.CaseTwins)), source);
    }
}
