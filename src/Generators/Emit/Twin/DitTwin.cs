using DyT.Generators.Specs;
using DyT.Generators.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>The PyTorch twin of a DiT (<see cref="DitEmitter"/>): facebookresearch/DiT's keys and adaLN blocks.</summary>
internal static class DitTwin
{
    private static readonly string[] Helpers =
    [
        "attend", "trunc_normal_init", "normal_init", "xavier_init", "zero_init", "DynamicTanh", "Derf", "RMSNorm", "Mlp", "Attention",
        "PatchEmbed", "TimestepEmbedder", "LabelEmbedder", "sincos_2d", "modulate", "unpatchify", "Block", "FinalLayer",
    ];

    private const string Embedders = """"
        class TimestepEmbedder(nn.Module):
            """DiT's timestep embedder: cos and sin of t * 10000^(-i/128), then mlp (C#: DyT.Blocks.TimestepEmbedder)."""

            def __init__(self, dim, frequencies=256):
                super().__init__()
                self.frequencies = frequencies
                self.mlp = nn.Sequential(normal_init(nn.Linear(frequencies, dim)), nn.SiLU(), normal_init(nn.Linear(dim, dim)))

            def forward(self, t):
                half = self.frequencies // 2
                freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
                args = t.float()[:, None] * freqs[None]
                # float32 sinusoids into layers that may have been moved to bfloat16 or float64, as diffusers casts them
                embedding = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
                return self.mlp(embedding.to(self.mlp[0].weight.dtype))


        class LabelEmbedder(nn.Module):
            """Labels to embeddings; row `classes` is the null class, and in training each label becomes it with probability
            `drop` (DiT: 0.1), for classifier-free guidance (C#: DyT.Blocks.LabelEmbedder)."""

            def __init__(self, classes, dim, drop):
                super().__init__()
                self.null_class, self.drop = classes, drop
                self.embedding_table = normal_init(nn.Embedding(classes + 1, dim))

            def forward(self, labels):
                if self.training and self.drop > 0:
                    dropped = torch.rand(labels.shape, device=labels.device) < self.drop
                    labels = torch.where(dropped, torch.full_like(labels, self.null_class), labels)
                return self.embedding_table(labels)


        def sincos_2d(dim, grid):
            """DiT's fixed position table (1, grid * grid, dim): the first half of the channels embeds the column, the
            second half the row, each as sin then cos (C#: DyT.Blocks.SinCosPosEmbed)."""
            quarter = dim // 4
            omega = 1.0 / 10000 ** (torch.arange(quarter, dtype=torch.float64) / quarter)
            rows, cols = torch.meshgrid(torch.arange(grid, dtype=torch.float64), torch.arange(grid, dtype=torch.float64), indexing="ij")

            def embed(positions):
                angles = positions.reshape(-1, 1) * omega
                return torch.cat([angles.sin(), angles.cos()], dim=1)

            return torch.cat([embed(cols), embed(rows)], dim=1).float().unsqueeze(0)


        def modulate(x, shift, scale):
            """x * (1 + scale) + shift, (B, dim) shift and scale over the tokens of (B, N, dim) x (C#: DyT.Blocks.AdaLn)."""
            return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)


        def unpatchify(tokens, channels, patch):
            """(B, grid * grid, patch * patch * channels) to (B, channels, grid * patch, grid * patch) (C#: DyT.Blocks.Unpatchify)."""
            b, n, _ = tokens.shape
            grid = round(math.sqrt(n))
            x = torch.einsum("nhwpqc->nchpwq", tokens.reshape(b, grid, grid, patch, patch, channels))
            return x.reshape(b, channels, grid * patch, grid * patch)
        """";

    public static PythonModule Write(DitSpec spec)
    {
        var norm = TwinNorms.Dit(spec);
        var className = PythonNames.ClassName(spec.Target.Name, Helpers);
        string d = Literals.Int(spec.Dim), normLayer = PythonNorm.Construction(norm, d);
        var modulationInit = spec.ZeroInit ? "zero_init" : "xavier_init";
        var outputs = (long)spec.PatchSize * spec.PatchSize * spec.OutChannels;
        string[] summary =
        [
            $"Diffusion Transformer: {spec.ImageSize}x{spec.ImageSize}x{spec.InChannels} latents in {spec.PatchSize}x{spec.PatchSize} patches, width {d},",
            $"{spec.Depth} adaLN blocks of {spec.Heads} heads, MLP {spec.MlpHidden}, {spec.NumClasses} classes + the null class;",
            $"every norm {norm.Description}; adaLN-Zero init {(spec.ZeroInit ? "on" : "off")}.",
        ];
        return PythonModule.Write(spec.Target, "Transformer", className, summary, pieces =>
        {
            pieces.Add(PythonParts.Attend);
            pieces.Add(PythonParts.TruncNormalInit);
            pieces.Add(PythonParts.NormalInit);
            pieces.Add(PythonParts.XavierInit);
            if (spec.ZeroInit) pieces.Add(PythonParts.ZeroInit);
            foreach (var helper in PythonNorm.Helpers(norm)) pieces.Add(helper);
            pieces.Add(PythonParts.Mlp);
            pieces.Add(PythonParts.Attention);
            pieces.Add(PythonParts.PatchEmbed);
            pieces.Add(Embedders);
            pieces.Module("Block", ["A DiT block: attention and MLP, each on a modulated norm and scaled by a gate, all from the conditioning."],
                "",
                [
                    $"self.norm1 = {normLayer}",
                    $"self.attn = Attention(dim={d}, heads={spec.Heads})",
                    $"self.norm2 = {normLayer}",
                    $"self.mlp = Mlp(dim={d}, hidden={spec.MlpHidden}, approximate=\"tanh\")",
                    $"self.adaLN_modulation = nn.Sequential(nn.SiLU(), {modulationInit}(nn.Linear({d}, 6 * {d})))",
                ],
                "x, c",
                [
                    "shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = self.adaLN_modulation(c).chunk(6, dim=1)",
                    "x = x + gate_msa.unsqueeze(1) * self.attn(modulate(self.norm1(x), shift_msa, scale_msa))",
                    "return x + gate_mlp.unsqueeze(1) * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))",
                ]);
            pieces.Module("FinalLayer", ["DiT's final layer: a modulated norm, then a linear map of each token to its patch's pixels."],
                "",
                [
                    $"self.norm_final = {normLayer}",
                    $"self.linear = {modulationInit}(nn.Linear({d}, {outputs}))",
                    $"self.adaLN_modulation = nn.Sequential(nn.SiLU(), {modulationInit}(nn.Linear({d}, 2 * {d})))",
                ],
                "x, c",
                [
                    "shift, scale = self.adaLN_modulation(c).chunk(2, dim=1)",
                    "return self.linear(modulate(self.norm_final(x), shift, scale))",
                ]);
            pieces.Module(className,
                [
                    $"Noisy latents (B, {spec.InChannels}, {spec.ImageSize}, {spec.ImageSize}), timesteps (B) and labels (B) int64 (null_class for none)",
                    $"to the prediction (B, {spec.OutChannels}, {spec.ImageSize}, {spec.ImageSize}){(spec.LearnSigma ? ": noise, then the variance" : "")}; keys as facebookresearch/DiT.",
                ],
                "",
                [
                    $"self.x_embedder = PatchEmbed(in_chans={spec.InChannels}, dim={d}, patch={spec.PatchSize}, image={spec.ImageSize})",
                    "xavier_init(self.x_embedder.proj)   # DiT's initialize_weights for the patch projection",
                    $"self.t_embedder = TimestepEmbedder({d})",
                    $"self.y_embedder = LabelEmbedder(classes={spec.NumClasses}, dim={d}, drop=0.1)",
                    $"self.pos_embed = nn.Parameter(sincos_2d({d}, grid={spec.Grid}), requires_grad=False)",
                    $"self.blocks = nn.ModuleList([Block() for _ in range({spec.Depth})])",
                    "self.final_layer = FinalLayer()",
                ],
                "x, t, y",
                [
                    $"tokens = self.x_embedder(x) + self.pos_embed                # (B, {spec.NumPatches}, {d})",
                    $"c = self.t_embedder(t) + self.y_embedder(y)                  # conditioning (B, {d})",
                    "for block in self.blocks:",
                    "    tokens = block(tokens, c)",
                    $"tokens = self.final_layer(tokens, c)                        # (B, {spec.NumPatches}, {outputs})",
                    $"return unpatchify(tokens, channels={spec.OutChannels}, patch={spec.PatchSize})",
                ],
                attributes: [$"null_class = {spec.NumClasses}", $"out_channels = {spec.OutChannels}"]);
        });
    }
}
