using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a ViT (<see cref="VitEmitter"/>): timm's VisionTransformer keys, class-token head.</summary>
internal static class VitTwin
{
    private static readonly string[] Helpers = ["attend", "trunc_normal_init", "DynamicTanh", "Derf", "RMSNorm", "Mlp", "Attention", "PatchEmbed", "Block"];

    public static PythonModule Write(VitSpec spec)
    {
        var norm = TwinNorms.Vit(spec);
        var className = PythonNames.ClassName(spec.Target.Name, Helpers);
        var tokens = spec.NumPatches + 1;
        string d = Literals.Int(spec.Dim), n = Literals.Int(spec.NumPatches), normLayer = PythonNorm.Construction(norm, d);
        string[] summary =
        [
            $"Vision Transformer: {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels} images in {spec.PatchSize}x{spec.PatchSize} patches, width {d},",
            $"{spec.Depth} blocks of {spec.Heads} heads, MLP {spec.MlpHidden}, {spec.NumClasses} classes; every norm {norm.Description}.",
        ];
        return PythonModule.Write(spec.Target, "Transformer", className, summary, pieces =>
        {
            pieces.Add(PythonParts.Attend);
            pieces.Add(PythonParts.TruncNormalInit);
            foreach (var helper in PythonNorm.Helpers(norm)) pieces.Add(helper);
            pieces.Add(PythonParts.Mlp);
            pieces.Add(PythonParts.Attention);
            pieces.Add(PythonParts.PatchEmbed);
            pieces.Module("Block", ["A pre-norm Transformer block: x + attn(norm1(x)), then x + mlp(norm2(x))."],
                "",
                [
                    $"self.norm1 = {normLayer}",
                    $"self.attn = Attention(dim={d}, heads={spec.Heads})",
                    $"self.norm2 = {normLayer}",
                    $"self.mlp = Mlp(dim={d}, hidden={spec.MlpHidden})",
                ],
                "x",
                [
                    "x = x + self.attn(self.norm1(x))",
                    "return x + self.mlp(self.norm2(x))",
                ]);
            pieces.Module(className, [$"Images (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}) to class logits (B, {spec.NumClasses}), keys as timm's VisionTransformer."],
                "",
                [
                    $"self.patch_embed = PatchEmbed(in_chans={spec.InChannels}, dim={d}, patch={spec.PatchSize}, image={spec.ImageSize})",
                    $"self.cls_token = nn.Parameter(torch.randn(1, 1, {d}) * 1e-6)",
                    $"self.pos_embed = nn.Parameter(torch.empty(1, {tokens}, {d}))",
                    "nn.init.trunc_normal_(self.pos_embed, std=0.02, a=-0.04, b=0.04)",
                    $"self.blocks = nn.ModuleList([Block() for _ in range({spec.Depth})])",
                    $"self.norm = {normLayer}",
                    $"self.head = trunc_normal_init(nn.Linear({d}, {spec.NumClasses}))",
                ],
                "images",
                [
                    $"x = self.patch_embed(images)                               # (B, {n}, {d})",
                    $"cls = self.cls_token.expand(x.shape[0], -1, -1)            # (B, 1, {d})",
                    $"x = torch.cat([cls, x], dim=1) + self.pos_embed            # (B, {tokens}, {d})",
                    "for block in self.blocks:",
                    "    x = block(x)",
                    $"return self.head(self.norm(x)[:, 0])                      # class token -> (B, {spec.NumClasses})",
                ]);
        });
    }
}
