using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using DyT.Declarations;

namespace DyT.Checkpoints;

/// <summary>
/// Compares a LLaMA <c>config.json</c> with a declaration key by key. A key the file leaves out takes transformers'
/// <c>LlamaConfig</c> default (vocabulary 32000, width 4096, rms_norm_eps 1e-6, ...), since that is what transformers
/// would build from it; the message then says "absent".
/// </summary>
internal sealed class ConfigComparison(JsonObject config, LlamaDeclaration declaration)
{
    /// <summary>Floating-point values match when they agree to this relative difference (JSON round trips exactly; this forgives a hand-typed 1e-05).</summary>
    private const double RelativeTolerance = 1e-9;

    private readonly List<ConfigMismatch> mismatches = [];

    public List<ConfigMismatch> Mismatches()
    {
        Text("model_type", "llama", "a LLaMA", fallback: null);
        Integer("hidden_size", declaration.Dim, "Dim", 4096);
        Integer("intermediate_size", declaration.FfnDim, "FfnDim", 11008);
        Integer("num_hidden_layers", declaration.Depth, "Depth", 32);
        var heads = IntegerOrNull("num_attention_heads") ?? 32;
        Integer("num_attention_heads", declaration.Heads, "Heads", 32);
        Integer("num_key_value_heads", declaration.KvHeads, "KvHeads", heads);
        Integer("head_dim", declaration.HeadDim, "Dim / Heads", (IntegerOrNull("hidden_size") ?? 4096) / Math.Max(heads, 1));
        Integer("vocab_size", declaration.VocabSize, "VocabSize", 32000);
        Integer("max_position_embeddings", declaration.MaxSeqLen, "MaxSeqLen", 2048);
        Number("rope_theta", declaration.RopeTheta, "RopeTheta", 10000);
        if (declaration.NormEps is { } eps) Number("rms_norm_eps", eps, "NormEps", 1e-6);
        Flag("tie_word_embeddings", declaration.TieEmbeddings, "TieEmbeddings", false);
        RopeScaling();
        Text("hidden_act", "silu", "SwiGLU", fallback: "silu");
        Flag("attention_bias", false, "bias-free q/k/v/o_proj", false);
        Flag("mlp_bias", false, "bias-free SwiGLU", false);
        Norm();
        return mismatches;
    }

    private void Integer(string key, long expected, string property, long fallback)
    {
        var (actual, text) = Read<long>(key, fallback, node => WholeNumber(node));
        if (actual != expected) mismatches.Add(new ConfigMismatch(key, $"{expected} ({property})", text));
    }

    private void Number(string key, double expected, string property, double fallback)
    {
        var (actual, text) = Read<double>(key, fallback, node => node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : null);
        if (actual is not { } value || Math.Abs(value - expected) > RelativeTolerance * Math.Max(Math.Abs(value), Math.Abs(expected)))
            mismatches.Add(new ConfigMismatch(key, $"{HuggingFaceConfig.Number(expected)} ({property})", text));
    }

    private void Flag(string key, bool expected, string property, bool fallback)
    {
        var (actual, text) = Read<bool>(key, fallback, node => node.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null });
        if (actual != expected) mismatches.Add(new ConfigMismatch(key, $"{(expected ? "true" : "false")} ({property})", text));
    }

    private void Text(string key, string expected, string what, string? fallback)
    {
        var node = config[key];
        var actual = node is null ? fallback : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (actual == expected) return;
        var text = node is null ? (fallback is null ? "absent" : $"absent (transformers' default \"{fallback}\")") : node.ToJsonString();
        mismatches.Add(new ConfigMismatch(key, $"\"{expected}\" ({what})", text));
    }

    private void RopeScaling()
    {
        var node = config["rope_scaling"];
        var expected = HuggingFaceConfig.RopeScalingJson(declaration.RopeScaling);
        var expectedText = expected is null ? "null (no rotary scaling)" : $"{expected.ToJsonString()} (RopeScalingFactor, RopeLowFreqFactor, RopeHighFreqFactor, RopeOriginalMaxPositions)";
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            if (expected is not null) mismatches.Add(new ConfigMismatch("rope_scaling", expectedText, node is null ? "absent (no scaling)" : "null (no scaling)"));
            return;
        }
        if (expected is null || node is not JsonObject actual || !SameScaling(actual, declaration.RopeScaling!))
            mismatches.Add(new ConfigMismatch("rope_scaling", expectedText, node.ToJsonString()));
    }

    /// <summary>Llama 3.1's scaling, named <c>rope_type</c> (or <c>type</c>, as older transformers wrote it) "llama3".</summary>
    private static bool SameScaling(JsonObject actual, Blocks.RopeScaling expected)
    {
        var type = (actual["rope_type"] ?? actual["type"]) is { } name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : null;
        return type == "llama3"
            && Close(actual["factor"], expected.Factor)
            && Close(actual["low_freq_factor"], expected.LowFreqFactor)
            && Close(actual["high_freq_factor"], expected.HighFreqFactor)
            && Close(actual["original_max_position_embeddings"], expected.OriginalMaxPositions);
    }

    private static bool Close(JsonNode? node, double expected) =>
        node is not null && node.GetValueKind() == JsonValueKind.Number
        && Math.Abs(node.GetValue<double>() - expected) <= RelativeTolerance * Math.Abs(expected);

    /// <summary>The norm and embedding scale: from <see cref="HuggingFaceConfig.DyTKey"/>, else a Hugging Face LLaMA's (RMSNorm, none).</summary>
    private void Norm()
    {
        var section = config[HuggingFaceConfig.DyTKey] as JsonObject;
        var origin = section is null ? $" (no {HuggingFaceConfig.DyTKey} key: a Hugging Face LLaMA)" : "";
        var norm = section?["norm"] is { } name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : section is null ? "RMSNorm" : null;
        if (norm != declaration.Norm.ToString())
            mismatches.Add(new ConfigMismatch($"{HuggingFaceConfig.DyTKey}.norm", $"{declaration.Norm} (Norm)", (norm ?? section?["norm"]?.ToJsonString() ?? "absent") + origin));
        var embedScale = section?["embed_scale"] is { } flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? flag.GetValue<bool>() : section is null ? false : (bool?)null;
        if (embedScale != declaration.EmbedScale)
            mismatches.Add(new ConfigMismatch($"{HuggingFaceConfig.DyTKey}.embed_scale", $"{(declaration.EmbedScale ? "true" : "false")} (EmbedScale)",
                (embedScale is { } value ? (value ? "true" : "false") : section?["embed_scale"]?.ToJsonString() ?? "absent") + origin));
    }

    private long? IntegerOrNull(string key) => config[key] is { } node ? WholeNumber(node) : null;

    /// <summary>A JSON number without a fractional part (8192 or 8192.0), else null.</summary>
    private static long? WholeNumber(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number && node.GetValue<double>() is var number && number == Math.Floor(number) && Math.Abs(number) < 1e18
            ? (long)number : null;

    /// <summary>The key's value as <typeparamref name="T"/> (the fallback when absent, null when of another type) and how to quote it.</summary>
    private (T? Value, string Text) Read<T>(string key, T fallback, Func<JsonNode, T?> parse) where T : struct
    {
        var node = config[key];
        if (node is null) return (fallback, $"absent (transformers' default {Quote(fallback)})");
        var value = parse(node);
        return (value, value is null ? $"{node.ToJsonString()} (not a {typeof(T).Name.ToLowerInvariant()})" : node.ToJsonString());
    }

    private static string Quote<T>(T value) => value switch
    {
        bool flag => flag ? "true" : "false",
        double number => HuggingFaceConfig.Number(number),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
