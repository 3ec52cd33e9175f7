#!/usr/bin/env python3
"""Checks `convmat … --onnx MODEL --node NAME` against onnxruntime, and `--tensor` against safetensors.

Usage:

    python3 Tests/interop/check_onnx_models.py CONVMAT_BINARY

Builds small models with the onnx package — Conv 1-D/2-D/3-D with groups, dilations, asymmetric
pads, auto_pad SAME_UPPER and SAME_LOWER, ConvTranspose with output_padding and with output_shape,
and a chain of two convs — and runs each with onnxruntime on random float32 inputs. For every conv
node, `convmat apply --onnx M --node N --input X.npy --output Y.npy` must give onnxruntime's output
of that node: max|y - Y| <= 1e-5 * max|Y| (the expected values are onnxruntime's, never ours).

Then, for every node whose attributes a PyTorch layer string can say (symmetric pads, no
auto_pad), the node's W and B are saved with safetensors.numpy.save_file and

    convmat export --onnx M --node N --format npz --output A.npz
    convmat export "nn.ConvNd(…)" --input SHAPE --weights F.safetensors --tensor w --format npz --output B.npz
    convmat apply "nn.ConvNd(…)" --weights F.safetensors --tensor w --bias F.safetensors --bias-tensor b …

must give the same W (scipy.sparse.load_npz, exactly) and onnxruntime's output. Last,
`convmat export --onnx M --all --output-dir D` must write one W per node with a manifest whose
shapes are onnxruntime's. One line per check; exit status 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
import scipy.sparse as sp
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import save_file

RTOL = 1e-5
rng = np.random.default_rng(20261130)


def conv(name, op, x_shape, w_shape, bias, torch=None, **attributes):
    """One node spec: op, X's shape, W's shape, whether it has B, its ONNX attributes, and the
    PyTorch layer string with the same W when one exists."""
    return dict(name=name, op=op, x=x_shape, w=w_shape, bias=bias, attributes=attributes, torch=torch)


MODELS = {
    "conv1d_groups_dilation_asymmetric": [
        conv("c1", "Conv", (2, 4, 11), (6, 2, 3), True, group=2, dilations=[2], pads=[1, 2])],
    "conv2d_strides_asymmetric_pads": [
        conv("c2", "Conv", (1, 3, 9, 8), (4, 3, 3, 2), True, strides=[2, 1], dilations=[1, 2], pads=[1, 0, 2, 1])],
    "conv2d_symmetric": [
        conv("c2s", "Conv", (2, 4, 7, 6), (6, 2, 3, 3), True, torch="nn.Conv2d(4, 6, 3, stride=(2, 1), padding=1, dilation=(1, 2), groups=2)",
             strides=[2, 1], dilations=[1, 2], pads=[1, 1, 1, 1], group=2)],
    "conv3d_depthwise": [
        conv("c3", "Conv", (1, 4, 5, 6, 4), (4, 1, 2, 3, 2), False, group=4, pads=[0, 1, 1, 1, 0, 0])],
    "conv3d_symmetric": [
        conv("c3s", "Conv", (1, 2, 4, 5, 3), (3, 2, 2, 3, 2), True, torch="nn.Conv3d(2, 3, (2, 3, 2), padding=(1, 1, 0))",
             pads=[1, 1, 0, 1, 1, 0])],
    "conv2d_same_upper": [
        conv("su", "Conv", (1, 2, 7, 8), (3, 2, 3, 3), True, strides=[2, 2], auto_pad="SAME_UPPER")],
    "conv2d_same_lower": [
        conv("sl", "Conv", (1, 2, 7, 8), (3, 2, 4, 4), False, strides=[2, 2], auto_pad="SAME_LOWER")],
    "convtranspose2d_output_padding": [
        conv("t1", "ConvTranspose", (1, 4, 4, 5), (4, 3, 3, 3), True,
             torch="nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)",
             strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1], group=2)],
    "convtranspose2d_asymmetric_pads": [
        conv("t2", "ConvTranspose", (1, 2, 4, 3), (2, 3, 3, 2), False, strides=[2, 3], pads=[1, 0, 0, 1], output_padding=[1, 2])],
    "convtranspose2d_output_shape": [
        conv("t3", "ConvTranspose", (1, 3, 4, 4), (3, 2, 3, 3), True, strides=[2, 2], output_shape=[9, 8])],
    "convtranspose1d_dilation": [
        conv("t4", "ConvTranspose", (2, 2, 5), (2, 2, 3), True, torch="nn.ConvTranspose1d(2, 2, 3, dilation=2)", dilations=[2])],
}


def build(model_name, specs, folder):
    """The model file, its graph input's shape, and the weights by node."""
    nodes, initializers, outputs, weights = [], [], [], {}
    x_shape = specs[0]["x"]
    for spec in specs:
        w = rng.uniform(-1, 1, spec["w"]).astype(np.float32)
        m = spec["w"][0] if spec["op"] == "Conv" else spec["w"][1] * spec["attributes"].get("group", 1)
        b = rng.uniform(-1, 1, m).astype(np.float32) if spec["bias"] else None
        inputs = ["x", "w_" + spec["name"]] + (["b_" + spec["name"]] if b is not None else [])
        initializers.append(numpy_helper.from_array(w, "w_" + spec["name"]))
        if b is not None:
            initializers.append(numpy_helper.from_array(b, "b_" + spec["name"]))
        nodes.append(helper.make_node(spec["op"], inputs, ["y_" + spec["name"]], name=spec["name"], **spec["attributes"]))
        outputs.append(helper.make_tensor_value_info("y_" + spec["name"], TensorProto.FLOAT, [None] * len(x_shape)))
        weights[spec["name"]] = (w, b)
    graph = helper.make_graph(nodes, model_name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))],
                              outputs, initializers)
    return save(graph, folder, model_name), weights


def build_chain(folder):
    """x (1, 3, 8, 8) → a: Conv 3→4, 3×3, pads 1 → h → b: Conv 4→2, 2×2, stride 2 → y; h is an output too."""
    wa, ba = rng.uniform(-1, 1, (4, 3, 3, 3)).astype(np.float32), rng.uniform(-1, 1, 4).astype(np.float32)
    wb = rng.uniform(-1, 1, (2, 4, 2, 2)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "wa", "ba"], ["h"], name="a", pads=[1, 1, 1, 1]),
         helper.make_node("Conv", ["h", "wb"], ["y"], name="b", strides=[2, 2])],
        "chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 8, 8])],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, [None] * 4), helper.make_tensor_value_info("y", TensorProto.FLOAT, [None] * 4)],
        [numpy_helper.from_array(wa, "wa"), numpy_helper.from_array(ba, "ba"), numpy_helper.from_array(wb, "wb")])
    return save(graph, folder, "chain")


def save(graph, folder, name):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = os.path.join(folder, name + ".onnx")
    onnx.save(model, path)
    return path


def run(binary, *arguments):
    done = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"convmat {' '.join(arguments)}: {done.stderr.strip()}")
    return done.stdout


def relative_error(y, expected):
    if y.shape != expected.shape:
        return float("inf")
    return float(np.max(np.abs(y - expected)) / max(np.max(np.abs(expected)), 1e-30))


def check(label, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}")
    return ok


def main():
    binary = sys.argv[1]
    folder = tempfile.mkdtemp(prefix="convmat-onnx-")
    passed = True

    def apply(label, arguments, x, expected):
        nonlocal passed
        x_path, y_path = os.path.join(folder, "x.npy"), os.path.join(folder, "y.npy")
        np.save(x_path, x)
        try:
            run(binary, "apply", *arguments, "--input", x_path, "--output", y_path)
            y = np.load(y_path)
            error = relative_error(y, expected)
            passed &= check(label, y.dtype == np.float32 and error <= RTOL, f"relative error {error:.2e}, shape {y.shape}")
        except RuntimeError as failure:
            passed &= check(label, False, str(failure))

    for model_name, specs in MODELS.items():
        path, weights = build(model_name, specs, folder)
        x = rng.uniform(-1, 1, specs[0]["x"]).astype(np.float32)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        results = dict(zip([o.name for o in session.get_outputs()], session.run(None, {"x": x})))
        for spec in specs:
            expected = results["y_" + spec["name"]]
            apply(f"{model_name} node {spec['name']} ({spec['op']}) vs onnxruntime",
                  ["--onnx", path, "--node", spec["name"]], x, expected)
            if spec["torch"] is None:
                continue
            w, b = weights[spec["name"]]
            tensors = os.path.join(folder, spec["name"] + ".safetensors")
            save_file({"w": w, "b": b} if b is not None else {"w": w}, tensors)
            shape = "x".join(map(str, spec["x"]))
            a_path, b_path = os.path.join(folder, "A.npz"), os.path.join(folder, "B.npz")
            try:
                run(binary, "export", "--onnx", path, "--node", spec["name"], "--format", "npz", "--output", a_path)
                run(binary, "export", spec["torch"], "--input", shape, "--weights", tensors, "--tensor", "w", "--format", "npz",
                    "--output", b_path)
                wa, wb = sp.load_npz(a_path), sp.load_npz(b_path)
                same = wa.shape == wb.shape and (wa != wb).nnz == 0
                passed &= check(f"{model_name}: W of --onnx equals W of {spec['torch']} --tensor w", same, f"{wa.shape}, nnz {wa.nnz}")
            except RuntimeError as failure:
                passed &= check(f"{model_name}: --tensor export", False, str(failure))
            bias = ["--bias", tensors, "--bias-tensor", "b"] if b is not None else []
            apply(f"{model_name}: {spec['torch']} --tensor w vs onnxruntime",
                  [spec["torch"], "--weights", tensors, "--tensor", "w", *bias], x, expected)

    chain = build_chain(folder)
    x = rng.uniform(-1, 1, (2, 3, 8, 8)).astype(np.float32)
    h, y = ort.InferenceSession(chain, providers=["CPUExecutionProvider"]).run(["h", "y"], {"x": x})
    apply("chain node a vs onnxruntime", ["--onnx", chain, "--node", "a"], x, h)
    apply("chain node b (input h from node a) vs onnxruntime", ["--onnx", chain, "--node", "b"], h, y)

    out = os.path.join(folder, "all")
    try:
        run(binary, "export", "--onnx", chain, "--all", "--output-dir", out, "--format", "npz")
        with open(os.path.join(out, "manifest.json")) as f:
            manifest = json.load(f)
        layers = {entry["node"]: entry for entry in manifest["layers"]}
        # The graph's batch N is taken as 1; onnxruntime's shapes have batch 2.
        shapes_ok = (layers["a"]["output_shape"] == [1, *h.shape[1:]] and layers["b"]["input_shape"] == [1, *h.shape[1:]]
                     and layers["b"]["output_shape"] == [1, *y.shape[1:]])
        w_b = sp.load_npz(os.path.join(out, layers["b"]["file"]))
        y0 = (w_b @ h[0].astype(np.float64).ravel()).reshape(y.shape[1:])
        error = relative_error(y0, y[0].astype(np.float64))
        passed &= check("export --all: manifest shapes and W of node b", shapes_ok and w_b.nnz == layers["b"]["nnz"] and error <= RTOL,
                        f"{len(layers)} layers, relative error {error:.2e}")
    except (RuntimeError, KeyError, OSError) as failure:
        passed &= check("export --all", False, str(failure))

    print("all checks passed" if passed else "some checks FAILED")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
