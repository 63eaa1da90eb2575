using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Where a norm sits in a model and how to put another module there without changing state-dict keys: a field of a
/// user module, an entry of a <c>Sequential</c>, or an entry of a <c>ModuleList</c>. <see cref="Find"/> checks every
/// place before anything is changed, so a conversion either happens everywhere or nowhere. One norm may sit in several
/// places (weight sharing); each place is its own slot with the same <see cref="Current"/>.
/// </summary>
internal abstract record NormSlot(string Path, nn.Module Current, nn.Module Owner)
{
    /// <summary>Why <paramref name="replacement"/> cannot go here, or null.</summary>
    public abstract string? Refusal(nn.Module replacement);

    /// <summary>
    /// Makes the holder (field, Sequential entry, ModuleList entry) hold <paramref name="replacement"/>. The owner's
    /// registration follows in <see cref="Reregister"/>, once every holder of a shared norm has been set.
    /// </summary>
    public abstract void Put(nn.Module replacement);

    /// <summary>
    /// Every place in <paramref name="model"/> whose module satisfies <paramref name="isTarget"/>, searched through
    /// all submodules. Throws, naming the path, for a target registered by a module that holds it in no field or entry
    /// (registered by hand, or in another container), which could not be replaced.
    /// </summary>
    public static List<NormSlot> Find(nn.Module model, Func<nn.Module, bool> isTarget)
    {
        var slots = new List<NormSlot>();
        Collect(model, "", isTarget, slots);
        return slots;
    }

    /// <summary>
    /// Registers each replacement under every name <paramref name="owner"/> registered the module it replaces, so
    /// no replaced (and soon disposed) module stays registered. A Sequential's registry is its entry list, which
    /// <see cref="Put"/> already changed.
    /// </summary>
    public static void Reregister(nn.Module owner, IReadOnlyDictionary<nn.Module, nn.Module> replacements)
    {
        if (owner is Sequential) return;
        foreach (var (name, child) in owner.named_children().ToList())
        {
            if (!replacements.TryGetValue(child, out var replacement)) continue;
            owner.register_module(name, null!); // TorchSharp refuses to register a name twice: remove, then add.
            owner.register_module(name, replacement);
        }
    }

    private static void Collect(nn.Module module, string path, Func<nn.Module, bool> isTarget, List<NormSlot> slots)
    {
        var children = module.named_children().ToList();
        var found = module switch
        {
            Sequential sequential => SequentialSlot.In(sequential, children, path),
            _ when ListSlot.ElementType(module) is { } element => ListSlot.In(module, element, path),
            _ => FieldSlot.In(module, children, path),
        };
        var targets = found.Where(slot => isTarget(slot.Current)).ToList();
        slots.AddRange(targets);
        foreach (var (name, child) in children)
        {
            var childPath = Join(path, name);
            if (!isTarget(child)) Collect(child, childPath, isTarget, slots);
            else if (!targets.Any(slot => ReferenceEquals(slot.Current, child)))
                throw new ArgumentException(
                    $"The {child.GetType().Name} at '{childPath}' is registered by {module.GetType().Name} without a field, Sequential or ModuleList holding it, so it cannot be replaced; hold it in a field declared Module<Tensor, Tensor>",
                    "module");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>A field of a user module; <see cref="Reregister"/> registers the replacement under the field's name.</summary>
    private sealed record FieldSlot(string Path, nn.Module Current, nn.Module Owner, FieldInfo Field)
        : NormSlot(Path, Current, Owner)
    {
        public static IEnumerable<NormSlot> In(nn.Module owner, List<(string name, nn.Module module)> children, string path)
        {
            foreach (var field in ModuleFields(owner.GetType()))
            {
                if (field.GetValue(owner) is not nn.Module value) continue;
                yield return new FieldSlot(Join(path, RegisteredName(field, value, children)), value, owner, field);
            }
        }

        /// <summary>
        /// The name the owner registered the field's module under: the field's own (TorchSharp's RegisterComponents
        /// uses it, or its [ComponentName]) when that entry holds the module, else the first entry that does; a module
        /// shared by two fields is registered under both names, so the first match alone would name both fields alike.
        /// </summary>
        private static string RegisteredName(FieldInfo field, nn.Module value, List<(string name, nn.Module module)> children)
        {
            var own = field.GetCustomAttribute<ComponentNameAttribute>()?.Name ?? field.Name;
            if (children.Any(entry => entry.name == own && ReferenceEquals(entry.module, value))) return own;
            return children.FirstOrDefault(entry => ReferenceEquals(entry.module, value)).name ?? own;
        }

        public override string? Refusal(nn.Module replacement) => Field.FieldType.IsInstanceOfType(replacement)
            ? null
            : $"Field '{Field.Name}' of {Owner.GetType().Name} is declared {Field.FieldType.Name}; declare it as Module<Tensor, Tensor> so a {replacement.GetType().Name} can take its place";

        public override void Put(nn.Module replacement) => Field.SetValue(Owner, replacement);

        /// <summary>Instance fields holding modules, declared by the type or its bases up to TorchSharp's own types.</summary>
        private static IEnumerable<FieldInfo> ModuleFields(Type type)
        {
            for (var current = type; current is not null && current.Assembly != typeof(nn.Module).Assembly; current = current.BaseType)
                foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    if (typeof(nn.Module).IsAssignableFrom(field.FieldType))
                        yield return field;
        }
    }

    /// <summary>
    /// An entry of a Sequential. TorchSharp 0.107's Sequential has no public way to replace an entry; its private
    /// entry list is set by reflection (names, and so state-dict keys, stay).
    /// </summary>
    private sealed record SequentialSlot(string Path, nn.Module Current, nn.Module Owner, List<nn.IModule<Tensor, Tensor>> Entries, int Index)
        : NormSlot(Path, Current, Owner)
    {
        private static readonly FieldInfo? EntriesField =
            typeof(Sequential).GetField("_modules", BindingFlags.Instance | BindingFlags.NonPublic);

        public static IEnumerable<NormSlot> In(Sequential owner, List<(string name, nn.Module module)> children, string path)
        {
            if (EntriesField?.GetValue(owner) is not List<nn.IModule<Tensor, Tensor>> entries)
                throw new NotSupportedException(
                    $"This TorchSharp's Sequential keeps its entries in an unknown way, so the norms in '{path}' cannot be replaced; build the Sequential with DynamicTanh instead");
            for (var i = 0; i < entries.Count && i < children.Count; i++)
                yield return new SequentialSlot(Join(path, children[i].name), (nn.Module)entries[i], owner, entries, i);
        }

        public override string? Refusal(nn.Module replacement) => replacement is nn.IModule<Tensor, Tensor>
            ? null
            : $"A Sequential entry takes a Module<Tensor, Tensor>; a {replacement.GetType().Name} is not one";

        public override void Put(nn.Module replacement) => Entries[Index] = (nn.IModule<Tensor, Tensor>)replacement;
    }

    /// <summary>An entry of a ModuleList&lt;T&gt;: set through its indexer; <see cref="Reregister"/> registers it again under its index.</summary>
    private sealed record ListSlot(string Path, nn.Module Current, nn.Module Owner, int Index, Type Element)
        : NormSlot(Path, Current, Owner)
    {
        public static Type? ElementType(nn.Module module)
        {
            for (var type = module.GetType(); type is not null; type = type.BaseType)
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ModuleList<>))
                    return type.GetGenericArguments()[0];
            return null;
        }

        public static IEnumerable<NormSlot> In(nn.Module owner, Type element, string path)
        {
            var entries = ((System.Collections.IEnumerable)owner).Cast<nn.Module>().ToList();
            for (var i = 0; i < entries.Count; i++)
                yield return new ListSlot(Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), entries[i], owner, i, element);
        }

        public override string? Refusal(nn.Module replacement) => Element.IsInstanceOfType(replacement)
            ? null
            : $"'{Path}' is an entry of a ModuleList<{Element.Name}>; a {replacement.GetType().Name} cannot go there (use ModuleList<Module<Tensor, Tensor>>)";

        public override void Put(nn.Module replacement) => Owner.GetType().GetProperty("Item")!.SetValue(Owner, replacement, [Index]);
    }
}
