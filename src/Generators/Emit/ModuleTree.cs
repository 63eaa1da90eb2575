using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Text;

namespace DyT.Generators.Emit;

/// <summary>
/// A model's modules with their parameter counts, built by the generator from the spec. Its total is the emitted
/// <c>ParameterCount</c> and its rendering the emitted <c>Summary</c>, so the two cannot disagree. Arithmetic is
/// checked: a configuration too large to count is rejected before emitting (see Parsing/SizeLimits).
/// </summary>
internal sealed class ModuleTree
{
    private readonly List<ModuleTree> children = [];

    /// <param name="name">The state-dict prefix of the module, e.g. <c>model.layers</c>.</param>
    /// <param name="ownParameters">Parameters held directly (not by children).</param>
    /// <param name="repeat">How many identical copies (a ModuleList of blocks).</param>
    /// <param name="note">What the module is, for the reader.</param>
    public ModuleTree(string name, long ownParameters = 0, long repeat = 1, string note = "")
    {
        Name = name;
        OwnParameters = ownParameters;
        Repeat = repeat;
        Note = note;
    }

    public string Name { get; }
    public long OwnParameters { get; }
    public long Repeat { get; }
    public string Note { get; }

    /// <summary>Parameters of one copy.</summary>
    public long PerCopy => checked(OwnParameters + children.Sum(child => child.Total));

    /// <summary>Parameters of all copies.</summary>
    public long Total => checked(Repeat * PerCopy);

    /// <summary>Adds a child and returns this node, so trees read top-down.</summary>
    public ModuleTree Add(ModuleTree child)
    {
        children.Add(child);
        return this;
    }

    /// <summary>Adds a leaf.</summary>
    public ModuleTree Add(string name, long parameters, string note = "") => Add(new ModuleTree(name, parameters, 1, note));

    /// <summary>One line per module, children indented by two spaces: "layers: 32 x 202,383,360 = 6,476,267,520".</summary>
    public IEnumerable<string> Lines(int depth = 0)
    {
        var count = Repeat > 1 ? $"{Repeat} x {Literals.Grouped(PerCopy)} = {Literals.Grouped(Total)}" : Literals.Grouped(Total);
        yield return new string(' ', depth * 2) + $"{Name}: {count}" + (Note.Length > 0 ? $"  ({Note})" : "");
        foreach (var line in children.SelectMany(child => child.Lines(depth + 1))) yield return line;
    }
}
