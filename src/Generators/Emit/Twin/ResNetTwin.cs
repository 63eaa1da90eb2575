using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a bottleneck ResNet (<see cref="ResNetEmitter"/>): timm's resnet keys.</summary>
internal static class ResNetTwin
{
    private static readonly string[] Helpers =
        ["kaiming_fan_out", "zero_weight", "DynamicTanh", "Derf", "RMSNorm", "LayerNorm2d", "norm", "Bottleneck", "stage"];

    public static PythonModule Write(ResNetSpec spec)
    {
        var norm = ResNetNorm.For(spec);
        var className = PythonNames.ClassName(spec.Target.Name, Helpers);
        var last = ResNetTree.StageWidth(spec.Depths.Length - 1) * ResNetSpec.Expansion;
        string[] summary =
        [
            $"Bottleneck ResNet: {spec.InChannels}-channel images, stages of {string.Join(", ", spec.Depths)} blocks, {spec.NumClasses} classes;",
            $"after every convolution: {norm.Description}.",
        ];
        return PythonModule.Write(spec.Target, "ConvNet", className, summary, pieces =>
        {
            pieces.Add(PythonParts.KaimingInit);
            if (norm.Replacement is { } site)
                foreach (var helper in PythonNorm.Helpers(site)) pieces.Add(helper);
            pieces.Add(w =>
            {
                using (w.Block("def norm(channels)"))
                {
                    w.Docstring($"The norm after every convolution: {norm.Description}.");
                    w.Line("return " + (norm.Replacement is { } replacement ? PythonNorm.Construction(replacement, "channels") : "nn.BatchNorm2d(channels)"));
                }
            });
            pieces.Module("Bottleneck", ["timm's Bottleneck: 1x1 reduce, 3x3 (carrying the stride), 1x1 expand, each followed by its norm; plus the shortcut."],
                "inplanes, width, stride",
                [
                    $"outplanes = width * {ResNetSpec.Expansion}",
                    "self.conv1 = kaiming_fan_out(nn.Conv2d(inplanes, width, 1, bias=False))",
                    "self.bn1 = norm(width)",
                    "self.conv2 = kaiming_fan_out(nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False))",
                    "self.bn2 = norm(width)",
                    "self.conv3 = kaiming_fan_out(nn.Conv2d(width, outplanes, 1, bias=False))",
                    "self.bn3 = norm(outplanes)",
                    "zero_weight(self.bn3)   # timm's zero_init_last: the block starts as its shortcut",
                    "self.downsample = None",
                    "if stride != 1 or inplanes != outplanes:",
                    "    self.downsample = nn.Sequential(kaiming_fan_out(nn.Conv2d(inplanes, outplanes, 1, stride=stride, bias=False)), norm(outplanes))",
                ],
                "x",
                [
                    "shortcut = x if self.downsample is None else self.downsample(x)",
                    "y = F.relu(self.bn1(self.conv1(x)))",
                    "y = F.relu(self.bn2(self.conv2(y)))",
                    "y = self.bn3(self.conv3(y))",
                    "return F.relu(y + shortcut)",
                ]);
            pieces.Add(w =>
            {
                using (w.Block("def stage(inplanes, width, blocks, stride)"))
                {
                    w.Docstring("One stage: the first bottleneck changes width (and resolution), the rest keep it.");
                    w.Line($"return nn.Sequential(Bottleneck(inplanes, width, stride), *[Bottleneck(width * {ResNetSpec.Expansion}, width, 1) for _ in range(1, blocks)])");
                }
            });
            var stages = new List<string>();
            long inplanes = ResNetSpec.StemWidth;
            for (var i = 0; i < spec.Depths.Length; i++)
            {
                var width = ResNetTree.StageWidth(i);
                stages.Add($"self.{ResNetTree.LayerName(i)} = stage(inplanes={inplanes}, width={width}, blocks={spec.Depths[i]}, stride={ResNetTree.StageStride(i)})");
                inplanes = width * ResNetSpec.Expansion;
            }
            pieces.Module(className, [$"Images (B, {spec.InChannels}, H, W) to class logits (B, {spec.NumClasses}); keys as timm's resnet."],
                "",
                [
                    $"self.conv1 = kaiming_fan_out(nn.Conv2d({spec.InChannels}, {ResNetSpec.StemWidth}, 7, stride=2, padding=3, bias=False))",
                    $"self.bn1 = norm({ResNetSpec.StemWidth})",
                    .. stages,
                    $"self.fc = nn.Linear({last}, {spec.NumClasses})",
                ],
                "images",
                [
                    "x = F.relu(self.bn1(self.conv1(images)))",
                    "x = F.max_pool2d(x, 3, stride=2, padding=1)",
                    .. Enumerable.Range(0, spec.Depths.Length).Select(i => $"x = self.{ResNetTree.LayerName(i)}(x)"),
                    "return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))",
                ]);
        });
    }
}
