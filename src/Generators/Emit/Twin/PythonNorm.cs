using System.Collections.Generic;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>
/// A norm site as Python: the layer the twin constructs where the C# model constructs <see cref="NormSite.FieldType"/>,
/// with the same eps, alpha, layout and affine choice, and the helper class it needs (none for PyTorch's own layers).
/// </summary>
internal static class PythonNorm
{
    /// <summary>The construction of <paramref name="site"/> at the width given by the Python expression <paramref name="channels"/>.</summary>
    public static string Construction(NormSite site, string channels)
    {
        var eps = Literals.Double(site.Eps);
        var alpha = Literals.Double(site.AlphaInit);
        var layout = site.ChannelsFirst ? ", channels_last=False" : "";
        var elementwise = site.Affine switch
        {
            NormAffine.WeightOnly => ", bias=False",
            NormAffine.None => ", affine=False",
            _ => "",
        };
        return site.Kind switch
        {
            NormKind.LayerNorm when site.ChannelsFirst => $"LayerNorm2d({channels}, eps={eps})",
            NormKind.LayerNorm => site.Affine switch
            {
                NormAffine.None => $"nn.LayerNorm({channels}, eps={eps}, elementwise_affine=False)",
                NormAffine.WeightOnly => $"nn.LayerNorm({channels}, eps={eps}, bias=False)",
                _ => $"nn.LayerNorm({channels}, eps={eps})",
            },
            // RMSNorm keeps its weight at every site, as the C# RmsNorm does.
            NormKind.RMSNorm => $"RMSNorm({channels}, eps={eps}{layout})",
            NormKind.DyT => $"DynamicTanh({channels}, alpha_init={alpha}{layout}{elementwise})",
            NormKind.Derf => $"Derf({channels}, alpha_init={alpha}{layout}{elementwise})",
            _ => throw UndefinedValue.Of(site.Kind),
        };
    }

    /// <summary>The helper classes the sites need, each once, in a fixed order.</summary>
    public static IEnumerable<string> Helpers(params NormSite[] sites)
    {
        bool Any(System.Func<NormSite, bool> test) => System.Array.Exists(sites, site => test(site));
        if (Any(site => site.Kind == NormKind.DyT)) yield return PythonParts.DynamicTanh;
        if (Any(site => site.Kind == NormKind.Derf)) yield return PythonParts.Derf;
        if (Any(site => site.Kind == NormKind.RMSNorm)) yield return PythonParts.RmsNorm;
        if (Any(site => site.Kind == NormKind.LayerNorm && site.ChannelsFirst)) yield return PythonParts.LayerNorm2d;
    }
}
