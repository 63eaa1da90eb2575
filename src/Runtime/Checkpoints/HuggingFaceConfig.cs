using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using DyT.Blocks;
using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Hugging Face's <c>config.json</c> for a LLaMA (transformers' <c>LlamaConfig</c>): written from a declaration so that
/// transformers can load an RMSNorm model saved with <see cref="Checkpoint.SavePretrained"/>, and read back to check
/// that a downloaded checkpoint is the model a class declares before any of its weights is read.
/// </summary>
/// <remarks>
/// transformers knows only RMSNorm LLaMAs. For a model with another norm or with the DyT recipe's
/// <c>model.embed_scale</c>, the file carries one more key, <see cref="DyTKey"/>, naming the norm, its initial alphas
/// and the embedding scale: <c>LlamaForCausalLM</c> ignores it and would build RMSNorm layers, so it cannot load those
/// weights (it reports the DyT parameters as unexpected); DyT.Generated and its PyTorch twin read it.
/// </remarks>
public static class HuggingFaceConfig
{
    /// <summary>The file's name in a Hugging Face model folder.</summary>
    public const string FileName = "config.json";

    /// <summary>The key that records what transformers cannot express: the norm, its alphas, the embedding scale.</summary>
    public const string DyTKey = "dyt_generated";

    /// <summary>
    /// The config.json of a model declared as <paramref name="declaration"/>: every <c>LlamaConfig</c> key the model
    /// depends on, in the order transformers writes them, plus <see cref="DyTKey"/> when transformers cannot build it.
    /// A <see cref="JsonObject"/>, so a caller can add keys (a tokenizer's <c>bos_token_id</c>, <c>eos_token_id</c>)
    /// before <see cref="Save(JsonObject, string)"/>.
    /// </summary>
    /// <param name="declaration">The model's declaration (<c>Model.Declaration</c>).</param>
    /// <param name="dtype">The dtype the weights are saved in (<c>torch_dtype</c>).</param>
    public static JsonObject For(LlamaDeclaration declaration, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["model_type"] = "llama",
            ["hidden_size"] = declaration.Dim,
            ["intermediate_size"] = declaration.FfnDim,
            ["num_hidden_layers"] = declaration.Depth,
            ["num_attention_heads"] = declaration.Heads,
            ["num_key_value_heads"] = declaration.KvHeads,
            ["head_dim"] = declaration.HeadDim,
            ["hidden_act"] = "silu",
            ["max_position_embeddings"] = declaration.MaxSeqLen,
            ["vocab_size"] = declaration.VocabSize,
        };
        if (declaration.NormEps is { } eps) config["rms_norm_eps"] = eps;
        config["rope_theta"] = declaration.RopeTheta;
        config["rope_scaling"] = RopeScalingJson(declaration.RopeScaling);
        config["tie_word_embeddings"] = declaration.TieEmbeddings;
        config["attention_bias"] = false;
        config["mlp_bias"] = false;
        config["initializer_range"] = 0.02;
        config["use_cache"] = true;
        config["torch_dtype"] = TorchDtypeName(dtype);
        if (NeedsDyTKey(declaration)) config[DyTKey] = DyTSection(declaration);
        return config;
    }

    /// <summary>Writes <see cref="For"/>'s config of <paramref name="declaration"/> to <paramref name="path"/>.</summary>
    public static void Save(LlamaDeclaration declaration, string path, ScalarType dtype = ScalarType.Float32) => Save(For(declaration, dtype), path);

    /// <summary>Writes a config (from <see cref="For"/>, perhaps with keys added) as indented JSON, as transformers does.</summary>
    public static void Save(JsonObject config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a config.json as a JSON object (a regular file only; a FIFO or device is refused before it is opened).</summary>
    public static JsonObject Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(RegularFile.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: not valid JSON ({e.Message}).", nameof(path), e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"{path}: expected a JSON object; got {root.ValueKind}.", nameof(path));
            if (JsonText.FirstUndecodable(root) is { } undecodable)
                throw new ArgumentException($"{path}: {JsonText.Problem(undecodable)}.", nameof(path));
            return JsonObject.Create(root.Clone())!;
        }
    }

    /// <summary>
    /// Every key of <paramref name="config"/> that disagrees with <paramref name="declaration"/>: sizes, heads,
    /// vocabulary, positions, rotary base and scaling, norm epsilon (RMSNorm and LayerNorm models), tied embeddings,
    /// and the norm itself. A key the file leaves out counts as transformers' <c>LlamaConfig</c> default.
    /// </summary>
    public static IReadOnlyList<ConfigMismatch> Compare(JsonObject config, LlamaDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(declaration);
        // Compared as the text it stands for: values added in code then read as a file reads them.
        string text;
        try
        {
            text = config.ToJsonString();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"config holds a string that is not valid UTF-16 (a lone surrogate such as \\ud800): {e.Message}", nameof(config), e);
        }
        return new ConfigComparison((JsonObject)JsonNode.Parse(text)!, declaration).Mismatches();
    }

    /// <summary>Reads <paramref name="path"/> and throws a <see cref="ConfigMismatchException"/> listing every disagreement, if any.</summary>
    public static void RequireMatch(string path, LlamaDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var mismatches = Compare(Load(path), declaration);
        if (mismatches.Count > 0) throw new ConfigMismatchException(path, declaration.ModelName, mismatches);
    }

    /// <summary>transformers' <c>rope_scaling</c> for Llama 3.1's scaling, or null.</summary>
    internal static JsonObject? RopeScalingJson(RopeScaling? scaling) => scaling is null ? null : new JsonObject
    {
        ["factor"] = scaling.Factor,
        ["high_freq_factor"] = scaling.HighFreqFactor,
        ["low_freq_factor"] = scaling.LowFreqFactor,
        ["original_max_position_embeddings"] = scaling.OriginalMaxPositions,
        ["rope_type"] = "llama3",
    };

    /// <summary>Whether transformers' LlamaForCausalLM cannot build the model: another norm than RMSNorm, or the DyT embedding scale.</summary>
    internal static bool NeedsDyTKey(LlamaDeclaration declaration) => declaration.Norm != NormKind.RMSNorm || declaration.EmbedScale;

    private static JsonObject DyTSection(LlamaDeclaration declaration)
    {
        var section = new JsonObject
        {
            ["norm"] = declaration.Norm.ToString(),
            ["embed_scale"] = declaration.EmbedScale,
        };
        if (declaration.AlphaInitAttention is { } attention) section["alpha_init_attention"] = attention;
        if (declaration.AlphaInitFfn is { } ffn) section["alpha_init_ffn"] = ffn;
        if (declaration.AlphaInitFinal is { } final) section["alpha_init_final"] = final;
        section["note"] = "Written by DyT.Generated. transformers' LlamaForCausalLM builds RMSNorm layers and no model.embed_scale, " +
            "so it cannot load these weights; DyT.Generated and its PyTorch twin can.";
        return section;
    }

    private static string TorchDtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        ScalarType.Float64 => "float64",
        _ => throw new ArgumentException($"dtype must be a floating-point type; got {dtype}.", nameof(dtype)),
    };

    /// <summary>A number as Python's json writes it: 500000.0 as 500000, 1e-5 as 1e-05.</summary>
    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
}
