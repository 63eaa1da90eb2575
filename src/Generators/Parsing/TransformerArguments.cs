using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The arguments of one <c>[Transformer(...)]</c>, read from its attribute data with the defaults filled in.
/// Shared by the generator and the analyzers so both see the same values.
/// </summary>
internal sealed class TransformerArguments
{
    private readonly ImmutableDictionary<string, TypedConstant> named;

    private TransformerArguments(int architecture, ImmutableDictionary<string, TypedConstant> named)
    {
        Architecture = architecture;
        this.named = named;
    }

    public int Architecture { get; }

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

    /// <summary>Whether the user wrote the named argument.</summary>
    public bool IsSet(string name) => named.ContainsKey(name);

    /// <summary>Reads the attribute; null when it does not bind (the compiler reports that error itself).</summary>
    public static TransformerArguments? Read(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int architecture)
            return null;
        var named = ImmutableDictionary.CreateBuilder<string, TypedConstant>();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error) return null;
            named[argument.Key] = argument.Value;
        }
        return new TransformerArguments(architecture, named.ToImmutable());
    }

    private int Int(string name, int fallback) =>
        named.TryGetValue(name, out var value) && value.Value is int number ? number : fallback;

    private bool? Bool(string name) => named.TryGetValue(name, out var value) && value.Value is bool flag ? flag : null;

    private double Double(string name, double fallback) =>
        named.TryGetValue(name, out var value) && value.Value is double number ? number : fallback;
}
