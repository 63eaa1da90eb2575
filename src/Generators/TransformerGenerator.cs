using System;
using System.Threading;
using DyT.Generators.Emit;
using DyT.Generators.Parsing;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators;

/// <summary>
/// Expands every <c>[Transformer(...)]</c> and <c>[ConvNet(...)]</c> partial class into a TorchSharp module: parse
/// the attribute into an equatable spec, apply the project's <c>DyTNormOverride</c>, then emit one
/// <c>Namespace.Type.g.cs</c> per model. Invalid classes get no output; the analyzers report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TransformerGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, asserted by the incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>[Transformer] attribute to spec (null when invalid).</summary>
        public const string Parse = "DyT.Transformer.Parse";

        /// <summary>Only the valid Transformer specs.</summary>
        public const string Valid = "DyT.Transformer.Valid";

        /// <summary>Transformer specs with the project's norm override applied.</summary>
        public const string Resolved = "DyT.Transformer.Resolved";

        /// <summary>[ConvNet] attribute to spec (null when invalid).</summary>
        public const string ConvNetParse = "DyT.ConvNet.Parse";

        /// <summary>Only the valid ConvNet specs.</summary>
        public const string ConvNetValid = "DyT.ConvNet.Valid";

        /// <summary>ConvNet specs with the project's norm override applied.</summary>
        public const string ConvNetResolved = "DyT.ConvNet.Resolved";

        /// <summary>The DyTNormOverride MSBuild property, parsed.</summary>
        public const string NormOverride = "DyT.NormOverride";

        /// <summary>Every step, for tests that assert on all of them.</summary>
        public static readonly string[] All = [Parse, Valid, Resolved, ConvNetParse, ConvNetValid, ConvNetResolved, NormOverride];
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var normOverride = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => NormOverride.Read(options.GlobalOptions))
            .WithTrackingName(Steps.NormOverride);

        var transformers = Models(context, KnownNames.TransformerAttribute, TransformerParser.Parse, normOverride,
            Steps.Parse, Steps.Valid, Steps.Resolved);
        var convNets = Models(context, KnownNames.ConvNetAttribute, ConvNetParser.Parse, normOverride,
            Steps.ConvNetParse, Steps.ConvNetValid, Steps.ConvNetResolved);

        context.RegisterSourceOutput(transformers, Emit);
        context.RegisterSourceOutput(convNets, Emit);
    }

    /// <summary>Attribute to spec, valid specs only, then the project's override applied; each step tracked.</summary>
    private static IncrementalValuesProvider<ModelSpec> Models(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ModelSpec?> parse,
        IncrementalValueProvider<NormOverride> normOverride,
        string parseStep,
        string validStep,
        string resolvedStep) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is ClassDeclarationSyntax, parse)
            .WithTrackingName(parseStep)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(validStep)
            .Combine(normOverride)
            .Select(static (pair, _) => pair.Right.ApplyTo(pair.Left))
            .WithTrackingName(resolvedStep);

    private static void Emit(SourceProductionContext output, ModelSpec spec)
    {
        var source = ModelEmitter.Emit(spec);
        if (source is not null) output.AddSource(spec.Target.HintName, source);
    }
}
