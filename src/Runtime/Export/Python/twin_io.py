"""Safetensors and config.json for the PyTorch twin, with torch alone (Debian's python3-torch has no safetensors
package). Written by DyT.Export.PyTorchTwin.Export beside model.py and train.py.

A safetensors file is an 8-byte little-endian header length, that many bytes of JSON naming each tensor's dtype,
shape and byte range (and an optional "__metadata__" of strings), then the raw little-endian bytes of every tensor.
"""
import json
import math
import os
import struct
import tempfile

import torch

DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool,
}
NAMES = {dtype: name for name, dtype in DTYPES.items()}


def _tensor_bytes(tensor):
    tensor = tensor.detach().to("cpu").contiguous()
    if tensor.dtype == torch.bfloat16:  # numpy has no bfloat16: the same two bytes as int16
        tensor = tensor.view(torch.int16)
    return tensor.numpy().tobytes()


def save(tensors, path, metadata=None):
    """Writes {name: tensor} to path (tensors in name order, each in its own dtype), replacing the file atomically."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}} if metadata else {}
    blobs, offset = [], 0
    for name in sorted(tensors):
        tensor = tensors[name]
        if tensor.dtype not in NAMES:
            raise ValueError(f"{path}: tensor '{name}' has dtype {tensor.dtype}, which safetensors files here cannot hold")
        blob = _tensor_bytes(tensor)
        header[name] = {"dtype": NAMES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)

    def write(f):
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)

    replace_atomically(path, write)


def write_json(value, path):
    """Writes value as indented, strict JSON to path, replacing the file atomically. A non-finite float (a diverged
    run's loss) becomes the string "NaN", "Infinity" or "-Infinity", as .NET's named floating-point literals: Python's
    bare NaN is not JSON, and .NET (or any strict reader) would refuse the whole file."""
    text = json.dumps(_finite(value), indent=2, allow_nan=False)
    replace_atomically(path, lambda f: f.write(text.encode("utf-8")))


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def replace_atomically(path, write):
    """Calls write(f) on a new hidden file beside path, flushes it to the disk and renames it over path: the old file
    stays whole until then, a failure leaves it as it was, and a symbolic link at path is replaced, not written
    through (as DyT.Checkpoints.AtomicFile does)."""
    folder, name = os.path.split(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read(path, with_data):
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) != 8:
            raise ValueError(f"{path}: not a safetensors file (shorter than its 8-byte header length)")
        (length,) = struct.unpack("<Q", prefix)
        if length > os.path.getsize(path) - 8:
            raise ValueError(f"{path}: header length {length} runs past the end of the file")
        header = json.loads(f.read(length))
        return header, (f.read() if with_data else None)


def read_header(path):
    """The JSON header of a safetensors file: {name: {dtype, shape, data_offsets}} and maybe "__metadata__"."""
    return _read(path, with_data=False)[0]


def load(path):
    """Reads every tensor of a safetensors file onto the CPU, in its stored dtype."""
    header, data = _read(path, with_data=True)
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in DTYPES:
            raise ValueError(f"{path}: tensor '{name}' has dtype {entry['dtype']}, which this reader does not know")
        begin, end = entry["data_offsets"]
        if not 0 <= begin <= end <= len(data):
            raise ValueError(f"{path}: tensor '{name}' has byte range [{begin}, {end}) outside the file's {len(data)} data bytes")
        dtype = DTYPES[entry["dtype"]]
        raw = bytearray(data[begin:end])
        storage = torch.int16 if dtype == torch.bfloat16 else dtype  # numpy-free: bfloat16 travels as int16 bits
        flat = torch.frombuffer(raw, dtype=storage).view(dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


def read_config(folder):
    """The twin's part of folder/config.json (its "dyt_twin" object), with a clear error when there is none."""
    path = os.path.join(folder, "config.json")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path} is missing: {folder} is not a folder written by PyTorchTwin.Export or by train.py")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    if "dyt_twin" not in config:
        raise ValueError(f"{path} has no \"dyt_twin\" object: it was not written by PyTorchTwin.Export or by train.py")
    return config


def declaration_differences(expected, actual):
    """[(key, expected, actual)] for every declared value on which two declarations differ, in key order."""
    keys = sorted(set(expected) | set(actual))
    return [(k, expected.get(k), actual.get(k)) for k in keys if expected.get(k) != actual.get(k)]
