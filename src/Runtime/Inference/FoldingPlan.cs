using System.Collections.Generic;
using System.Linq;
using DyT.Declarations;
using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Inference;

/// <summary>
/// What folding would do to a model, found without changing it: the norms to fold into which Linear layers, the norms
/// kept with their affine, and every reason to refuse the model.
/// </summary>
internal sealed class FoldingPlan
{
    private readonly Dictionary<string, nn.Module> modules;
    private readonly List<(string Path, ModelDeclaration Declaration)> declared;
    private readonly Dictionary<long, int> registrations;
    private readonly Dictionary<nn.Module, List<string>> places;

    private FoldingPlan(nn.Module model)
    {
        modules = new Dictionary<string, nn.Module> { [""] = model };
        foreach (var (name, module) in model.named_modules()) modules[name] = module;
        // Innermost first: a norm belongs to the closest generated model around it.
        declared = modules.Where(entry => entry.Value is IDeclaredModel)
            .Select(entry => (entry.Key, ((IDeclaredModel)entry.Value).Declaration))
            .OrderByDescending(entry => entry.Key.Length).ToList();
        registrations = CountRegistrations(modules.Values);
        places = new Dictionary<nn.Module, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (path, module) in modules)
        {
            if (!places.TryGetValue(module, out var held)) places[module] = held = [];
            held.Add(path);
        }
    }

    /// <summary>The norms to fold, each with its slots, affine and Linear layers.</summary>
    public List<PlannedFold> Folds { get; } = [];

    /// <summary>The norms whose affine stays, with the reason.</summary>
    public List<KeptNorm> Kept { get; } = [];

    /// <summary>Why the model cannot be folded, one entry per norm; empty when it can.</summary>
    public List<string> Refusals { get; } = [];

    /// <summary>Plans the folding of <paramref name="model"/>.</summary>
    public static FoldingPlan Of(nn.Module model)
    {
        var plan = new FoldingPlan(model);
        foreach (var (path, module) in plan.modules)
            if (NormAffine.IsOtherNorm(module) && module.parameters(recurse: false).Any())
                plan.Refusals.Add($"'{path}' is a {module.GetType().Name}, which folding does not know (it folds LayerNorm, RmsNorm, DynamicTanh and Derf into the Linear layers after them)");
        var norms = NormSlot.Find(model, NormAffine.IsFoldableKind)
            .GroupBy<NormSlot, nn.Module>(slot => slot.Current, ReferenceEqualityComparer.Instance);
        foreach (var norm in norms) plan.Add(norm.Key, norm.ToList());
        return plan;
    }

    private void Add(nn.Module norm, List<NormSlot> slots)
    {
        var affine = NormAffine.Of(norm);
        if (affine.IsEmpty) return; // tanh(alpha x) alone already (DiT): nothing to fold
        var paths = slots.Select(slot => slot.Path).Distinct().ToList();
        if (paths.Count > 1)
        {
            Refusals.Add($"the {norm.GetType().Name} shared by {Quoted(paths)} feeds the layers after each place; folding it into one would change the others");
            return;
        }
        var path = paths[0];
        if (NormAffine.Refusal(norm) is { } unfoldable)
        {
            Refusals.Add($"'{path}' {unfoldable}");
            return;
        }
        if (!declared.Any(model => Contains(model.Path, path)))
        {
            Refusals.Add($"'{path}' is not inside a generated ViT or LLaMA, so folding does not know what reads its output");
            return;
        }
        var (modelPath, declaration) = declared.First(model => Contains(model.Path, path));
        var relative = modelPath.Length == 0 ? path : path[(modelPath.Length + 1)..];
        var matches = FoldingLayout.For(declaration)
            .Select(rule => (Rule: rule, Linears: rule.LinearsFor(relative)))
            .Where(match => match.Linears is not null).ToList();
        if (matches.Count == 0)
        {
            Refusals.Add($"'{path}' of the generated {declaration.Family} {declaration.ModelName} feeds layers other than the Linear layers folding knows");
            return;
        }
        var (rule, linearPaths) = matches[0];
        var linears = new List<(string Path, Linear Linear)>();
        foreach (var linearPath in linearPaths!.Select(linear => Join(modelPath, linear)))
        {
            modules.TryGetValue(linearPath, out var reader);
            if (rule.MayBeTied && (reader is null || Shared(reader)))
            {
                Kept.Add(new KeptNorm(path, reader is null
                    ? $"{rule.Reads} is tied to the token embedding (there is no '{linearPath}'); folding would scale the embedding too"
                    : $"{rule.Reads} '{linearPath}' shares its weight with another parameter (tied embeddings); folding would scale that one too"));
                return;
            }
            if (Refusal(path, linearPath, reader, affine, rule) is { } refusal)
            {
                Refusals.Add(refusal);
                return;
            }
            linears.Add((linearPath, (Linear)reader!));
        }
        Folds.Add(new PlannedFold(path, slots, affine, linears));
    }

    private string? Refusal(string path, string linearPath, nn.Module? reader, NormAffine affine, FoldingRule rule)
    {
        var expected = $"'{path}' should feed {rule.Reads}, the Linear layer '{linearPath}'";
        return reader switch
        {
            null => $"{expected}, which the model does not have",
            not Linear => $"{expected}, which is {reader.GetType().Name}",
            Linear { in_features: var inputs } when inputs != affine.Channels =>
                $"{expected}, which reads {inputs} features where the norm has {affine.Channels} channels",
            _ when Shared(reader) => $"{expected}, whose weight is shared with another parameter; folding would change that one too",
            _ when places[reader] is { Count: > 1 } held =>
                $"{expected}, which is one module held at {Quoted(held)}; folding it for one place would change the others",
            _ => null,
        };
    }

    private static string Quoted(IEnumerable<string> paths) => string.Join(", ", paths.Select(path => $"'{path}'"));

    /// <summary>Whether a Linear's weight is registered by another module too (tied weights).</summary>
    private bool Shared(nn.Module module) =>
        module is Linear { weight: { } weight } && weight.numel() > 0 && registrations[Storage(weight)] > 1;

    /// <summary>
    /// How many (module, name) registrations each parameter's storage has, over distinct modules: a module held at two
    /// places counts once here (see <see cref="places"/>).
    /// </summary>
    private static Dictionary<long, int> CountRegistrations(IEnumerable<nn.Module> modules)
    {
        var counts = new Dictionary<long, int>();
        foreach (var module in modules.Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module>())
            foreach (var (_, parameter) in module.named_parameters(recurse: false).Where(p => p.parameter.numel() > 0))
                counts[Storage(parameter)] = counts.GetValueOrDefault(Storage(parameter)) + 1;
        return counts;
    }

    /// <summary>
    /// Where the parameter's first element is: two parameters tied to one tensor share it. (A non-contiguous parameter,
    /// which no generated model has, is told apart by its tensor handle instead.)
    /// </summary>
    private static long Storage(Tensor parameter) =>
        parameter.is_contiguous() ? TensorPointers.Data(parameter) : parameter.Handle;

    private static bool Contains(string modelPath, string path) => modelPath.Length == 0 || path.StartsWith(modelPath + ".", System.StringComparison.Ordinal);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
