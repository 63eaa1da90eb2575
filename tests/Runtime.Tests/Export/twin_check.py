"""The Python half of the twin tests (tests/Runtime.Tests/Export), all cases in one process.

    python3 twin_check.py manifest.json

The manifest lists cases, each an export folder (model.py, config.json, twin_io.py), the weights to load, the inputs
the .NET model ran (with "input", and DiT's "timesteps" and "labels") and where to write the twin's output; a case
may also ask for a freshly initialized twin's state (the initialization check). "self_checks" names an export folder
whose train.py is imported to try its rank and declaration checks on inputs that must fail; what they raised is
written to the manifest's "self_check_results" path. Every result is judged by the .NET tests, not here.
"""
import importlib.util
import json
import os
import sys

import torch


def import_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_case(index, case):
    folder = case["folder"]
    twin_io = import_file(f"twin_io_{index}", os.path.join(folder, "twin_io.py"))
    config = twin_io.read_config(folder)
    twin = import_file(f"twin_model_{index}", os.path.join(folder, "model.py"))
    model_class = getattr(twin, config["dyt_twin"]["python_class"])
    if case.get("fresh"):
        torch.manual_seed(index)
        twin_io.save(model_class().state_dict(), case["fresh"])
    model = model_class()
    model.load_state_dict(twin_io.load(case["weights"]), strict=True)
    model.eval()
    inputs = twin_io.load(case["inputs"])
    with torch.no_grad():
        if "timesteps" in inputs:
            output = model(inputs["input"], inputs["timesteps"], inputs["labels"])
        else:
            output = model(inputs["input"])
    twin_io.save({"output": output}, case["output"])


def self_checks(folder, results_path):
    train = import_file("twin_train", os.path.join(folder, "train.py"))
    config = train.twin_io.read_config(folder)
    name = train.model_name(config)
    results = {"model": name}
    try:
        train.check_ranks_agree(name, [{"blocks.0.norm1.alpha": "aa", "head.weight": "bb"}, {"blocks.0.norm1.alpha": "aa", "head.weight": "cc"}])
        results["ranks"] = None
    except RuntimeError as error:
        results["ranks"] = str(error)
    other = json.loads(json.dumps(config))
    other["dyt_twin"]["declaration"]["Depth"] += 1
    try:
        train.check_same_declaration(config, other, "elsewhere/trained")
        results["declaration"] = None
    except ValueError as error:
        results["declaration"] = str(error)
    fsdp, why_not = train.fsdp_support()
    results["fsdp"] = "available" if fsdp is not None else why_not
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)


def main(manifest_path):
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    for index, case in enumerate(manifest["cases"]):
        run_case(index, case)
    if manifest.get("self_checks"):
        self_checks(manifest["self_checks"], manifest["self_check_results"])
    print(f"twin_check: {len(manifest['cases'])} case(s) run with torch {torch.__version__}")


if __name__ == "__main__":
    main(sys.argv[1])
