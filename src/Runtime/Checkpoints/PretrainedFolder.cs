using System.IO;
using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// A Hugging Face model folder (what <c>save_pretrained</c> writes and <c>huggingface-cli download --local-dir</c>
/// fetches): <c>config.json</c> beside <c>model.safetensors</c> or a shard index <c>model.safetensors.index.json</c>,
/// each inside the folder (<see cref="FolderFile"/>).
/// </summary>
internal static class PretrainedFolder
{
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>
    /// The weights of <paramref name="folder"/> (single file or shard index, not both), once its config.json, when
    /// there is one and the model is a LLaMA, has been found to describe <paramref name="module"/>'s declaration.
    /// </summary>
    public static string WeightsFor(nn.Module module, string folder)
    {
        var single = FolderFile.In(folder, WeightsFile);
        var index = FolderFile.In(folder, IndexFile);
        bool hasSingle = File.Exists(single), hasIndex = File.Exists(index);
        if (hasSingle && hasIndex)
            throw new IOException($"{folder} holds both {WeightsFile} and {IndexFile}; pass the one to load as the path.");
        if (!hasSingle && !hasIndex)
            throw new FileNotFoundException($"{folder} holds neither {WeightsFile} nor {IndexFile}; expected the weights of a Hugging Face model folder.", single);
        var config = FolderFile.In(folder, HuggingFaceConfig.FileName);
        // Only a LLaMA's config.json is transformers' LlamaConfig; other families' folders (timm's) load by their weights alone.
        if (module is IDeclaredModel { Declaration: LlamaDeclaration declaration } && File.Exists(config))
            HuggingFaceConfig.RequireMatch(config, declaration);
        return hasIndex ? index : single;
    }
}
