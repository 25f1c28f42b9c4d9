"""Checks a BF16/F16 model folder saved by the toolkit against PyTorch.

An independent reader for HalfPrecisionReferenceTest, in PyTorch with its own
safetensors parser (Debian's python3-torch has no safetensors package):

    python3 check_half_save.py F32_FOLDER HALF_FOLDER

F32_FOLDER is the same model saved as float32, HALF_FOLDER saved as bfloat16
or float16 (one model.safetensors, or shards with model.safetensors.index.json).
It requires what transformers relies on: config.json's torch_dtype names one
16-bit type and every tensor's header dtype is that type; each file's header
is 8-byte aligned and its data_offsets tile the data exactly; a sharded folder's
index maps every tensor to the file that holds it and its total_size is the sum
of the tensors' bytes. Then every tensor must equal, bit for bit, PyTorch's
tensor.to(torch_dtype) of the float32 tensor with the same name and shape.
Prints "ok <dtype> <n tensors> <n files>" and exits 0, or prints what is wrong
and exits 1.
"""
import json
import os
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
BYTES = {"F32": 4, "F16": 2, "BF16": 2}
TORCH_NAMES = {"bfloat16": "BF16", "float16": "F16"}


class Wrong(Exception):
    pass


def read_file(path):
    """Name -> (header dtype, tensor) for one safetensors file, checking its layout."""
    with open(path, "rb") as f:
        data = f.read()
    length = struct.unpack("<Q", data[:8])[0]
    if length % 8:
        raise Wrong(f"{path}: header length {length} is not a multiple of 8")
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors, end = {}, 0
    entries = sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"])
    for name, info in entries:
        begin, stop = info["data_offsets"]
        dtype = DTYPES.get(info["dtype"])
        if dtype is None:
            raise Wrong(f"{path}: {name} has dtype {info['dtype']}")
        count = 1
        for dim in info["shape"]:
            count *= dim
        if begin != end or stop - begin != count * BYTES[info["dtype"]]:
            raise Wrong(f"{path}: {name} data_offsets {info['data_offsets']} do not follow on from {end} "
                        f"with {count} elements of {info['dtype']}")
        end = stop
        tensor = torch.frombuffer(bytearray(body[begin:stop]), dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = (info["dtype"], tensor.reshape(info["shape"]))
    if end != len(body):
        raise Wrong(f"{path}: {len(body) - end} bytes after the last tensor")
    return tensors


def read_folder(folder):
    """Name -> (header dtype, tensor), and the number of weight files."""
    single = os.path.join(folder, "model.safetensors")
    if os.path.exists(single):
        return read_file(single), 1
    with open(os.path.join(folder, "model.safetensors.index.json")) as f:
        index = json.load(f)
    tensors, total = {}, 0
    files = sorted(set(index["weight_map"].values()))
    for name in files:
        for key, value in read_file(os.path.join(folder, name)).items():
            if index["weight_map"].get(key) != name:
                raise Wrong(f"{folder}: {key} is in {name} but the index says {index['weight_map'].get(key)}")
            tensors[key] = value
            total += value[1].numel() * value[1].element_size()
    if set(tensors) != set(index["weight_map"]):
        raise Wrong(f"{folder}: the index names tensors no file holds: {set(index['weight_map']) - set(tensors)}")
    if index["metadata"]["total_size"] != total:
        raise Wrong(f"{folder}: total_size {index['metadata']['total_size']} but the tensors take {total} bytes")
    return tensors, len(files)


def check(f32_folder, half_folder):
    with open(os.path.join(half_folder, "config.json")) as f:
        torch_dtype = json.load(f).get("torch_dtype")
    if torch_dtype not in TORCH_NAMES:
        raise Wrong(f"{half_folder}/config.json: torch_dtype is {torch_dtype!r}, not bfloat16 or float16")
    header_dtype = TORCH_NAMES[torch_dtype]
    reference, _ = read_folder(f32_folder)
    half, files = read_folder(half_folder)
    if set(reference) != set(half):
        raise Wrong(f"tensor names differ: {sorted(set(reference) ^ set(half))}")
    for name, (dtype, tensor) in half.items():
        if dtype != header_dtype:
            raise Wrong(f"{name} is stored as {dtype} but config.json says {torch_dtype}")
        source_dtype, source = reference[name]
        if source_dtype != "F32" or source.shape != tensor.shape:
            raise Wrong(f"{name}: reference is {source_dtype} {tuple(source.shape)}, saved {tuple(tensor.shape)}")
        want = source.to(getattr(torch, torch_dtype))
        if not torch.equal(want.view(torch.int16), tensor.view(torch.int16)):
            at = (want.view(torch.int16) != tensor.view(torch.int16)).nonzero()[0].tolist()
            raise Wrong(f"{name}{at}: saved bits {tensor.view(torch.int16)[tuple(at)].item() & 0xFFFF:04x}, "
                        f"torch gives {want.view(torch.int16)[tuple(at)].item() & 0xFFFF:04x} "
                        f"for {source[tuple(at)].item()!r}")
    return f"ok {torch_dtype} {len(half)} {files}"


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    try:
        print(check(sys.argv[1], sys.argv[2]))
    except Wrong as wrong:
        print(wrong)
        sys.exit(1)


if __name__ == "__main__":
    main()
