"""Writes and reads safetensors files with torch alone (python3-safetensors is not packaged for this Python).

Format: an 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}}, then the
raw little-endian bytes of every tensor, back to back. The header is padded with spaces to a multiple of 8 bytes.
"""
import json
import struct

import torch

_DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL",
}
_BY_NAME = {name: dtype for dtype, name in _DTYPES.items()}


def _raw_bytes(tensor):
    tensor = tensor.detach().contiguous().cpu()
    if tensor.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the same 2 bytes as int16
        tensor = tensor.view(torch.int16)
    return tensor.numpy().tobytes()


def save(tensors, path, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(metadata)
    for name in sorted(tensors):
        data = _raw_bytes(tensors[name])
        header[name] = {"dtype": _DTYPES[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def load(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = _BY_NAME[entry["dtype"]]
        raw = bytearray(data[begin:end])
        if dtype == torch.bfloat16:
            flat = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors
