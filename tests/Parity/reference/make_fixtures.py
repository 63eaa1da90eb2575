"""Writes the parity fixtures: for each case, <case>.weights.safetensors (the state dict, reference keys) and
<case>.io.safetensors (inputs, expected output, the loss weights and, for one case per family, gradients).

Run from this folder:  python3 make_fixtures.py ../fixtures
The reference outputs are computed in float64 from the float32 weights and stored as float32, so they are the
exact answer for those weights and a float32 implementation is judged only by its own rounding.
"""
import copy
import json
import os
import sys

import torch

import safetensors_io
from cases import CASES, HALF_WEIGHTS
from llama import inverse_frequencies
from randomize import randomize


def to_double(tensors):
    return {k: v.double() if v.dtype.is_floating_point else v for k, v in tensors.items()}


def forward(model, inputs):
    if "timesteps" in inputs:
        return model(inputs["input"], inputs["timesteps"], inputs["labels"])
    return model(inputs["input"])


def gradient_targets(model):
    """Input-side tensors the loss is differentiated against: every alpha, LLaMA's embed_scale and token table."""
    names = [k for k, _ in model.named_parameters() if k.endswith(".alpha") or k.endswith("embed_scale")]
    if any(k.endswith("embed_scale") for k in names):
        names.append("model.embed_tokens.weight")
    return names


def make_case(name, build, make_inputs, with_grads, seed, folder):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = build().eval()
    randomize(model, generator)
    if name in HALF_WEIGHTS:
        with torch.no_grad():  # round to float16 first, so the reference is exact for the stored values
            for value in model.state_dict().values():
                if value.dtype.is_floating_point:
                    value.copy_(value.half().float())
    inputs = make_inputs(generator)
    state = {k: v.detach().half() if name in HALF_WEIGHTS and v.dtype.is_floating_point else v.detach().clone()
             for k, v in model.state_dict().items()}

    reference = copy.deepcopy(model).double().eval()
    inputs64 = to_double(inputs)
    if with_grads and inputs64["input"].dtype.is_floating_point:
        inputs64["input"].requires_grad_(True)
    output = forward(reference, inputs64)
    loss_weight = torch.randn(output.shape, generator=generator)
    io = dict(inputs)
    io["output"] = output.detach().float()
    io["loss_weight"] = loss_weight
    if with_grads:
        (output * loss_weight.double()).sum().backward()
        if inputs64["input"].requires_grad:
            io["grad.input"] = inputs64["input"].grad.float()
        parameters = dict(reference.named_parameters())
        for key in gradient_targets(reference):
            io["grad." + key] = parameters[key].grad.float()

    metadata = {"case": name, "seed": str(seed), "torch": torch.__version__,
                "loss": "sum(output * loss_weight)", "params": str(sum(v.numel() for v in state.values()))}
    safetensors_io.save(state, os.path.join(folder, f"{name}.weights.safetensors"), metadata)
    safetensors_io.save(io, os.path.join(folder, f"{name}.io.safetensors"), metadata)
    scale = io["output"].abs().max().item()
    print(f"{name:20s} {metadata['params']:>8s} values, |output| <= {scale:.3g}, {len(io) - len(inputs) - 2} gradients")


def make_dtype_samples(folder, generator):
    """Tensors of every float dtype and two integer ones, for the reader's test against a file Python wrote."""
    base = torch.randn(3, 5, generator=generator)
    tensors = {"f32": base, "f16": base.half(), "bf16": base.bfloat16(), "f64": base.double(),
               "i64": torch.arange(6).reshape(2, 3) - 2, "u8": torch.arange(4, dtype=torch.uint8),
               "bool": torch.tensor([True, False, True]), "scalar": torch.tensor(2.5)}
    safetensors_io.save(tensors, os.path.join(folder, "dtypes.safetensors"), {"written_by": "tests/Parity/reference"})
    # The C# test reads the expected values from here, as float64, independently of the reader under test.
    expected = {k: v.double().flatten().tolist() for k, v in tensors.items()}
    shapes = {k: list(v.shape) for k, v in tensors.items()}
    with open(os.path.join(folder, "dtypes.expected.json"), "w") as f:
        json.dump({"values": expected, "shapes": shapes}, f, indent=1)


# Published rotary settings: (head dimension, rope_theta, rope_scaling as (factor, low, high, original) or None).
ROPE_SAMPLES = {
    "llama2_7b": (128, 10000.0, None),
    "llama31_8b": (128, 500000.0, (8.0, 1.0, 4.0, 8192)),
    "llama32_1b": (64, 500000.0, (32.0, 1.0, 4.0, 8192)),
}


def make_rope_samples(folder):
    """The rotary frequencies of published LLaMA configurations, in float64, for the C# RotaryEmbedding's test."""
    tensors = {name: inverse_frequencies(dim, theta, scaling) for name, (dim, theta, scaling) in ROPE_SAMPLES.items()}
    metadata = {name: json.dumps({"head_dim": dim, "theta": theta, "scaling": scaling}) for name, (dim, theta, scaling) in ROPE_SAMPLES.items()}
    safetensors_io.save(tensors, os.path.join(folder, "rope_frequencies.safetensors"), metadata)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    for seed, (name, (build, make_inputs, with_grads)) in enumerate(CASES.items(), start=1):
        make_case(name, build, make_inputs, with_grads, seed, folder)
    make_dtype_samples(folder, torch.Generator().manual_seed(0))
    make_rope_samples(folder)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../fixtures")
