using DyT.Generators.Emit;
using DyT.Generators.Parsing;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators;

/// <summary>
/// Expands every <c>[Transformer(...)]</c> partial class into a TorchSharp module: parse the attribute into an
/// equatable spec, then emit one <c>Namespace.Type.g.cs</c> per model. Invalid classes get no output; the analyzers
/// report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TransformerGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, asserted by the incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>Attribute to spec (null when invalid).</summary>
        public const string Parse = "DyT.Transformer.Parse";

        /// <summary>Only the valid specs.</summary>
        public const string Valid = "DyT.Transformer.Valid";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.TransformerAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                TransformerParser.Parse)
            .WithTrackingName(Steps.Parse)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Valid);

        context.RegisterSourceOutput(specs, static (output, spec) =>
        {
            var source = spec switch
            {
                VitSpec vit => VitEmitter.Emit(vit),
                _ => null,
            };
            if (source is not null) output.AddSource(spec.Target.HintName, source);
        });
    }
}
