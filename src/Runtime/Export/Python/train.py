"""Trains the PyTorch twin of a DyT.Generated model past one machine, with torchrun and DDP (or FSDP), and saves
weights the .NET model loads back strictly. Written by DyT.Export.PyTorchTwin.Export beside model.py (the twin),
config.json (the declaration), model.safetensors (the .NET model's weights, where training starts) and twin_io.py.

    torchrun --nproc_per_node=2 train.py --data data --steps 100                    # CPU processes: gloo
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 \\
        train.py --data data --steps 10000 --bf16 --fsdp                            # GPUs: NCCL, FSDP
    python3 train.py --data data --steps 100                                        # one process, no torchrun

--data is a folder of safetensors shards the .NET side wrote (PyTorchTwin.WriteDataShard): images and labels for
ViT, ConvNeXt and ResNet (cross-entropy), tokens (N, T + 1) for LLaMA (next-token cross-entropy), latents and
labels for DiT (noise prediction at a random diffusion step). Every rank reads all shards and takes its own slice of
each global batch (the same seeded order on every rank).

The output folder (--out) gets model.safetensors (float32, the keys of the .NET model), config.json (this folder's,
with a "training" record) and train_log.json (the loss of every step). Before anything is written, the ranks compare
a digest of every tensor: DDP keeps the replicas identical, and a checkpoint whose rank states disagree is an error
naming the model and the key, not a file. Load it in .NET with model.LoadTwinCheckpoint(out).

Not carried over: the optimizer state (AdamW's moments start from zero on each run) and the .NET side's fused DyT
kernels (here DyT is PyTorch ops; --compile hands the model to torch.compile where the installed torch has it).
"""
import argparse
import hashlib
import importlib.util
import os
import platform
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import twin_io  # noqa: E402  (beside this script)

DIFFUSION_STEPS = 1000  # DiT's linear beta schedule, 1e-4 to 0.02 over 1000 steps


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(HERE, "data"), help="folder of safetensors shards (default: data beside this script)")
    p.add_argument("--out", default=os.path.join(HERE, "trained"), help="folder for the trained checkpoint (default: trained)")
    p.add_argument("--steps", type=int, default=100, help="optimizer steps")
    p.add_argument("--batch-size", type=int, default=32, help="samples per rank per step")
    p.add_argument("--lr", type=float, default=1e-3, help="AdamW learning rate")
    p.add_argument("--weight-decay", type=float, default=0.0, help="AdamW weight decay")
    p.add_argument("--warmup", type=int, default=0, help="steps of linear learning-rate warm-up")
    p.add_argument("--seed", type=int, default=0, help="seed of the data order and of the per-rank randomness")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="auto: CUDA when there is a GPU")
    p.add_argument("--fsdp", action="store_true", help="shard parameters with FSDP instead of replicating them with DDP")
    p.add_argument("--bf16", action="store_true", help="autocast the forward to bfloat16 (weights stay float32)")
    p.add_argument("--compile", action="store_true", help="torch.compile the model (PyTorch 2.0+)")
    p.add_argument("--resume", metavar="FOLDER", help="start from FOLDER/model.safetensors (a train.py output of the same declaration)")
    p.add_argument("--save-rank-states", action="store_true", help="also write every rank's state as rank-<r>.safetensors")
    p.add_argument("--log-every", type=int, default=1, help="print the loss every N steps")
    args = p.parse_args(argv)
    for option, value, low in (("--steps", args.steps, 1), ("--batch-size", args.batch_size, 1), ("--log-every", args.log_every, 1), ("--warmup", args.warmup, 0)):
        if value < low:
            p.error(f"{option} must be >= {low}; got {value}")
    if not args.lr > 0:
        p.error(f"--lr must be > 0; got {args.lr}")
    return args


class TwinError(ValueError):
    """A problem this script explains in its message: printed without a traceback, exit code 1."""


def fsdp_support():
    """(FullyShardedDataParallel module, None) where torch.distributed.fsdp imports, else (None, why not)."""
    try:
        import torch.distributed.fsdp as fsdp
        return fsdp, None
    except Exception as error:  # Debian 12's torch 1.13 on Python 3.11: a dataclass default its Python rejects
        return None, f"torch.distributed.fsdp does not import in torch {torch.__version__} on Python {platform.python_version()} ({type(error).__name__}: {error})"


def model_name(config):
    twin = config["dyt_twin"]
    return f"{twin['family']} '{twin['model']}'"


def import_twin():
    spec = importlib.util.spec_from_file_location("model", os.path.join(HERE, "model.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_strictly(model, path, name):
    """Loads a safetensors file into the twin by key, all keys and shapes matching, or fails naming the model and the keys."""
    state = twin_io.load(path)
    own = model.state_dict()
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    misshaped = sorted(k for k in set(own) & set(state) if tuple(own[k].shape) != tuple(state[k].shape))
    if missing or unexpected or misshaped:
        lines = [f"{path} does not match the twin of {name}; nothing was loaded."]
        lines += [f"  missing: {k}" for k in missing] + [f"  unexpected: {k}" for k in unexpected]
        lines += [f"  misshaped: {k}: model {tuple(own[k].shape)}, file {tuple(state[k].shape)}" for k in misshaped]
        raise TwinError("\n".join(lines))
    model.load_state_dict(state, strict=True)


def check_same_declaration(config, other, other_folder):
    """A checkpoint folder made for other hyperparameters is an error naming the model and every differing key."""
    ours, theirs = config["dyt_twin"], other["dyt_twin"]
    differences = twin_io.declaration_differences(ours["declaration"], theirs["declaration"])
    if ours["family"] != theirs["family"]:
        differences.insert(0, ("family", ours["family"], theirs["family"]))
    if differences:
        lines = [f"{other_folder} holds a checkpoint of {model_name(other)} declared otherwise than {model_name(config)} of this export:"]
        lines += [f"  dyt_twin.declaration.{k}: expected {e!r}, got {a!r}" if k != "family" else f"  dyt_twin.family: expected {e!r}, got {a!r}"
                  for k, e, a in differences]
        raise TwinError("\n".join(lines))


def load_data(folder, config):
    """Every shard of the folder, concatenated: {key: tensor} with the keys the family's objective reads; floating-point
    data as float32, the twin's dtype (a shard may hold any floating point)."""
    expected = config["dyt_twin"]["data"]["keys"]
    if not os.path.isdir(folder):
        raise TwinError(f"--data: {folder} is not a folder; write shards into it with PyTorchTwin.WriteDataShard")
    paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".safetensors"))
    if not paths:
        raise TwinError(f"--data: no *.safetensors shards in {folder}: write them with PyTorchTwin.WriteDataShard")
    shards = []
    for path in paths:
        shard = twin_io.load(path)
        if sorted(shard) != sorted(expected):
            raise TwinError(f"{path} holds {sorted(shard)}; {model_name(config)} trains on {sorted(expected)}")
        shard = {k: v.float() if v.is_floating_point() else v for k, v in shard.items()}
        if shards:
            for k in expected:
                first, this = shards[0][k], shard[k]
                if this.dtype != first.dtype or this.shape[1:] != first.shape[1:]:
                    raise TwinError(f"{path}: '{k}' is {describe(shard[k])} but {paths[0]} holds {describe(first)}; "
                                    f"every shard of {folder} must hold samples of the same dtype and shape")
        shards.append(shard)
    return {k: torch.cat([s[k] for s in shards]) for k in expected}


def describe(tensor):
    return f"{str(tensor.dtype).replace('torch.', '')} {tuple(tensor.shape)}"


def diffusion_alphas_cumprod(device):
    betas = torch.linspace(1e-4, 0.02, DIFFUSION_STEPS, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0).float().to(device)


def loss_of(model, family, batch, alphas_cumprod):
    """The family's objective on one batch (already on the device)."""
    if family == "Llama":
        tokens = batch["tokens"]
        logits = model(tokens[:, :-1])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), tokens[:, 1:].reshape(-1))
    if family == "DiT":
        x0, labels = batch["latents"], batch["labels"]
        t = torch.randint(0, DIFFUSION_STEPS, (x0.shape[0],), device=x0.device)
        noise = torch.randn_like(x0)
        abar = alphas_cumprod[t].view(-1, 1, 1, 1)
        noisy = abar.sqrt() * x0 + (1 - abar).sqrt() * noise
        prediction = model(noisy, t.float(), labels)[:, : x0.shape[1]]  # the noise; a learned variance is not trained here
        return F.mse_loss(prediction.float(), noise)
    return F.cross_entropy(model(batch["images"]).float(), batch["labels"])


def full_state_dict(model, fsdp, use_cuda):
    """The whole model's state gathered from its FSDP shards, keys as the twin's: on GPUs offloaded to rank 0's CPU
    memory (the other ranks get an empty dict); on CPU on every rank (torch 2.6's offload frees the CPU shards it reads)."""
    try:
        from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict  # torch 2.2+
    except ImportError:  # torch 2.0 and 2.1: FSDP's own state-dict context
        full = fsdp.FullStateDictConfig(offload_to_cpu=use_cuda, rank0_only=True)
        with fsdp.FullyShardedDataParallel.state_dict_type(model, fsdp.StateDictType.FULL_STATE_DICT, full):
            return model.state_dict()
    return get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=use_cuda))


def digests(state):
    """SHA-256 of every tensor's bytes: equal digests, equal tensors (bit for bit)."""
    return {k: hashlib.sha256(twin_io._tensor_bytes(v)).hexdigest() for k, v in state.items()}


def check_ranks_agree(name, digests_by_rank):
    """Raises naming the model and every key on which a rank's state differs from rank 0's."""
    reference = digests_by_rank[0]
    problems = []
    for rank, other in enumerate(digests_by_rank[1:], start=1):
        for key in sorted(set(reference) | set(other)):
            if key not in other or key not in reference:
                problems.append(f"  {key}: present on rank {0 if key in reference else rank} only")
            elif other[key] != reference[key]:
                problems.append(f"  {key}: rank {rank} differs from rank 0")
    if problems:
        raise RuntimeError(f"The rank states of {name} disagree after training, so no checkpoint was written:\n" + "\n".join(problems))


def main(argv=None):
    args = parse_args(argv)
    config = twin_io.read_config(HERE)
    twin = config["dyt_twin"]
    name = model_name(config)

    distributed = "WORLD_SIZE" in os.environ
    use_cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    backend = "nccl" if use_cuda else "gloo"
    if distributed:
        dist.init_process_group(backend)
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device("cuda", local_rank) if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed + rank)  # per-rank randomness (DiT's noise and label dropout); the data order is shared

    fsdp, fsdp_missing = fsdp_support()
    if args.fsdp and fsdp is None:
        print(f"--fsdp: {fsdp_missing}. Train with DDP (leave out --fsdp), or use a torch where it imports (2.x).", file=sys.stderr)
        return 2
    if args.compile and not hasattr(torch, "compile"):
        print(f"--compile: torch {torch.__version__} has no torch.compile (PyTorch 2.0+).", file=sys.stderr)
        return 2
    strategy = "FSDP" if args.fsdp else ("DDP" if distributed else "one process")
    if rank == 0:
        print(f"{name}: {strategy} over {world} process(es), {backend if distributed else 'no'} backend, {device.type}, "
              f"torch {torch.__version__}; FSDP {'available' if fsdp else 'not available: ' + fsdp_missing}", flush=True)

    module = import_twin()
    base = getattr(module, twin["python_class"])()
    load_strictly(base, os.path.join(HERE, "model.safetensors"), name)
    if args.resume:
        try:
            resumed = twin_io.read_config(args.resume)
        except (OSError, ValueError) as error:
            raise TwinError(f"--resume: {error}") from error
        check_same_declaration(config, resumed, args.resume)
        load_strictly(base, os.path.join(args.resume, "model.safetensors"), name)
    base.to(device).train()

    model = base
    if args.fsdp:
        import functools
        from torch.distributed.fsdp.wrap import transformer_auto_wrap_policy
        blocks = {getattr(module, n) for n in ("Block", "Bottleneck") if hasattr(module, n)}
        policy = functools.partial(transformer_auto_wrap_policy, transformer_layer_cls=blocks)
        # device_id: the rank's GPU; on CPU (gloo) the CPU itself, which FSDP accepts from torch 2.x when named.
        model = fsdp.FullyShardedDataParallel(base, auto_wrap_policy=policy, device_id=device)
    elif distributed:
        model = DistributedDataParallel(base, device_ids=[local_rank] if use_cuda else None)
    if args.compile:
        model = torch.compile(model)

    data = load_data(args.data, config)
    count = next(iter(data.values())).shape[0]
    per_step = args.batch_size * world
    if count < per_step:
        raise TwinError(f"{args.data} holds {count} samples; one step needs {per_step} ({args.batch_size} per rank x {world} ranks)")
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    alphas_cumprod = diffusion_alphas_cumprod(device) if twin["family"] == "DiT" else None
    order, epoch, position = None, 0, count
    losses, started = [], time.time()
    for step in range(1, args.steps + 1):
        if position + per_step > count:  # a new epoch: the same shuffled order on every rank
            order = torch.randperm(count, generator=torch.Generator().manual_seed(args.seed * 100003 + epoch))
            epoch, position = epoch + 1, 0
        indices = order[position + rank * args.batch_size: position + (rank + 1) * args.batch_size]
        position += per_step
        batch = {k: v[indices].to(device) for k, v in data.items()}
        for group in optimizer.param_groups:
            group["lr"] = args.lr * min(1.0, step / args.warmup) if args.warmup else args.lr
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=args.bf16):
            loss = loss_of(model, twin["family"], batch, alphas_cumprod)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        mean = loss.detach().clone()
        if distributed:
            dist.all_reduce(mean)
            mean /= world
        losses.append(mean.item())
        if rank == 0 and (step % args.log_every == 0 or step == args.steps):
            print(f"step {step}/{args.steps}  loss {losses[-1]:.4f}", flush=True)
    seconds = time.time() - started

    os.makedirs(args.out, exist_ok=True)
    if args.fsdp:
        # FSDP holds one shard of each parameter per rank: gather the full state on rank 0 (no replicas to compare).
        state = full_state_dict(model, fsdp, use_cuda)
    else:
        state = {k: v.detach().to("cpu") for k, v in base.state_dict().items()}
        if args.save_rank_states:
            twin_io.save(state, os.path.join(args.out, f"rank-{rank}.safetensors"))
        if distributed:
            gathered = [None] * world
            dist.all_gather_object(gathered, digests(state))
            check_ranks_agree(name, gathered)
    if rank == 0:
        state = {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
        twin_io.save(state, os.path.join(args.out, "model.safetensors"), {"format": "pt", "model": twin["model"]})
        training = {"steps": args.steps, "world_size": world, "strategy": strategy, "backend": backend if distributed else None,
                    "device": device.type, "bf16": args.bf16, "lr": args.lr, "batch_size_per_rank": args.batch_size,
                    "torch": torch.__version__, "first_loss": losses[0], "last_loss": losses[-1], "seconds": round(seconds, 3)}
        out_config = dict(config)
        out_config["dyt_twin"] = dict(twin, training=training)
        twin_io.write_json(out_config, os.path.join(args.out, "config.json"))
        twin_io.write_json(dict(training, losses=losses), os.path.join(args.out, "train_log.json"))
        print(f"saved {os.path.join(args.out, 'model.safetensors')}: loss {losses[0]:.4f} -> {losses[-1]:.4f} in {seconds:.1f} s", flush=True)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()
        exit_now(0)
    return 0


def exit_now(code):
    """Ends the process without releasing main's objects or finalizing the interpreter. With torch 1.13 (Debian 12)
    and gloo, freeing the DDP model after destroy_process_group now and then never returns (one rank stuck in a native
    thread as main's locals go, about one run in ten on a 2-core machine), and torchrun waits on that rank forever.
    Everything is written and closed by now; only the standard streams need flushing."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TwinError as error:
        print(f"train.py: {error}", file=sys.stderr)
        sys.exit(1)
