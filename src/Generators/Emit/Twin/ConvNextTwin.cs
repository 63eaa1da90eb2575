using System.Linq;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a ConvNeXt (<see cref="ConvNextEmitter"/>): timm's convnext keys.</summary>
internal static class ConvNextTwin
{
    private static readonly string[] Helpers =
        ["trunc_normal_init", "DynamicTanh", "Derf", "RMSNorm", "LayerNorm2d", "Mlp", "Block", "Stage", "Head"];

    public static PythonModule Write(ConvNextSpec spec)
    {
        var (token, map) = TwinNorms.ConvNext(spec);
        var className = PythonNames.ClassName(spec.Target.Name, Helpers);
        string first = Literals.Int(spec.Dims[0]), last = Literals.Int(spec.Dims[spec.Dims.Length - 1]);
        string[] summary =
        [
            $"ConvNeXt: {spec.InChannels}-channel images, stages of {string.Join(", ", spec.Depths)} blocks with widths {string.Join(", ", spec.Dims)},",
            $"{spec.NumClasses} classes; every norm {token.Description} (channels-first in stem, downsampling and head).",
        ];
        return PythonModule.Write(spec.Target, "ConvNet", className, summary, pieces =>
        {
            pieces.Add(PythonParts.TruncNormalInit);
            foreach (var helper in PythonNorm.Helpers(token, map)) pieces.Add(helper);
            pieces.Add(PythonParts.Mlp);
            pieces.Module("Block", ["A ConvNeXt block: x + gamma * mlp(norm(dwconv7x7(x))), the norm and MLP channels-last."],
                "dim",
                [
                    "self.conv_dw = trunc_normal_init(nn.Conv2d(dim, dim, 7, padding=3, groups=dim))",
                    $"self.norm = {PythonNorm.Construction(token, "dim")}",
                    "self.mlp = Mlp(dim=dim, hidden=4 * dim)",
                    $"self.gamma = nn.Parameter(torch.full((dim,), {Literals.Double(spec.LayerScaleInit)}))   # layer scale",
                ],
                "x",
                [
                    "y = self.conv_dw(x).permute(0, 2, 3, 1)               # channels last for the norm and the MLP",
                    "y = self.mlp(self.norm(y)) * self.gamma",
                    "return x + y.permute(0, 3, 1, 2)",
                ]);
            pieces.Module("Stage", ["A stage: optional downsampling (2-D norm, then a 2x2 stride-2 conv), then its blocks."],
                "in_dim, dim, depth, downsample",
                [
                    "self.downsample = None",
                    "if downsample:",
                    $"    self.downsample = nn.Sequential({PythonNorm.Construction(map, "in_dim")}, trunc_normal_init(nn.Conv2d(in_dim, dim, 2, stride=2)))",
                    "self.blocks = nn.ModuleList([Block(dim) for _ in range(depth)])",
                ],
                "x",
                [
                    "if self.downsample is not None:",
                    "    x = self.downsample(x)",
                    "for block in self.blocks:",
                    "    x = block(x)",
                    "return x",
                ]);
            pieces.Module("Head", ["timm's NormMlpClassifierHead without hidden layer: average pool, 2-D norm, linear."],
                "",
                [
                    $"self.norm = {PythonNorm.Construction(map, last)}",
                    $"self.fc = trunc_normal_init(nn.Linear({last}, {spec.NumClasses}))",
                ],
                "x",
                [
                    $"pooled = F.adaptive_avg_pool2d(x, 1)                     # (B, {last}, 1, 1)",
                    "return self.fc(self.norm(pooled).flatten(1))",
                ]);
            var stages = Enumerable.Range(0, spec.Depths.Length).Select(i =>
                $"    Stage(in_dim={(i == 0 ? spec.Dims[0] : spec.Dims[i - 1])}, dim={spec.Dims[i]}, depth={spec.Depths[i]}, downsample={(i > 0 ? "True" : "False")}),");
            pieces.Module(className,
                [$"Images (B, {spec.InChannels}, H, W), H and W multiples of {4 << (spec.Depths.Length - 1)}, to class logits (B, {spec.NumClasses}); keys as timm's convnext."],
                "",
                [
                    $"self.stem = nn.Sequential(trunc_normal_init(nn.Conv2d({spec.InChannels}, {first}, 4, stride=4)), {PythonNorm.Construction(map, first)})",
                    "self.stages = nn.ModuleList([",
                    .. stages,
                    "])",
                    "self.head = Head()",
                ],
                "images",
                [
                    "x = self.stem(images)",
                    "for stage in self.stages:",
                    "    x = stage(x)",
                    "return self.head(x)",
                ]);
        });
    }
}
