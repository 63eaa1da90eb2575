using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Analyzers;

/// <summary>Which normalization a member or submodule name says it holds.</summary>
internal enum NormRole
{
    None,
    BatchNorm,
    GroupNorm,
}

/// <summary>
/// Reads a member or registration name ("bn1", "conv0_bn", "batchNorm", "feature_extractor_group_norm", "gn") as the
/// norm it names. Names are split at underscores, dots and case changes (after a lower-case letter or a digit, and at
/// the end of an acronym: "conv1BN", "BNLayer"), so "bn" inside "subnet" does not count; "bn" or "batch"+"norm" means
/// BatchNorm, "gn" or "group"+"norm" GroupNorm.
/// </summary>
internal static class NormRoleNames
{
    public static NormRole Classify(string name)
    {
        var words = Words(name);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var next = i + 1 < words.Count ? words[i + 1] : "";
            if (Strip(word) == "bn" || word == "batchnorm" || (word == "batch" && next == "norm")) return NormRole.BatchNorm;
            if (Strip(word) == "gn" || word == "groupnorm" || (word == "group" && next == "norm")) return NormRole.GroupNorm;
        }
        return NormRole.None;
    }

    /// <summary>The norm an expression creates, by the name it calls: <c>nn.BatchNorm2d(64)</c>, <c>new GroupNorm(...)</c>.</summary>
    public static NormRole OfCreation(ExpressionSyntax value)
    {
        var name = value switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
            InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
            ObjectCreationExpressionSyntax { Type: var type } => type.ToString(),
            _ => "",
        };
        name = name.Substring(name.LastIndexOf('.') + 1);
        return name switch
        {
            "BatchNorm1d" or "BatchNorm2d" or "BatchNorm3d" => NormRole.BatchNorm,
            "GroupNorm" => NormRole.GroupNorm,
            _ => NormRole.None,
        };
    }

    // "bn1" and "bn" name the same layer kind; trailing digits number the layers.
    private static string Strip(string word) => word.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    // An upper-case letter starts a word after a lower-case letter or a digit ("conv1BN"), and at the end of an
    // acronym, where it is followed by a lower-case letter ("BNLayer": "BN", "Layer").
    private static bool StartsWord(string name, int i) =>
        char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
        || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]));

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = c is '_' or '.' or '-' || (char.IsUpper(c) && i > 0 && StartsWord(name, i));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
