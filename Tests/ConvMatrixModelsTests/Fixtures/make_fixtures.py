"""Writes the tiny ONNX and safetensors fixtures of ConvMatrixModelsTests (run from this folder).

Weights are w[i] = ((i * 5) % 11 - 5) / 4 in C order (quarters: exact in float16, bfloat16,
float32, float64), so the tests recompute them with a plain loop. Biases are b[c] = c - 1.
Needs: pip install onnx safetensors numpy.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import save_file


def pattern(shape, dtype=np.float32):
    n = int(np.prod(shape))
    return (((np.arange(n) * 5) % 11 - 5) / 4).astype(dtype).reshape(shape)


def save(model, path):
    onnx.checker.check_model(model)
    onnx.save(model, path)


# A chain: x (N, 3, 6, 6) → conv1 (3→4, 3×3, pads 1, bias) → conv2 (4→2, 2×2, stride 2, no bias).
w1, b1, w2 = pattern((4, 3, 3, 3)), np.arange(4, dtype=np.float32) - 1, pattern((2, 4, 2, 2))
graph = helper.make_graph(
    [helper.make_node("Conv", ["x", "w1", "b1"], ["h"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
     helper.make_node("Relu", ["h"], ["r"], name="relu"),
     helper.make_node("Conv", ["h", "w2"], ["y"], name="conv2", strides=[2, 2])],
    "two_convs",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 6, 6])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2, 3, 3]), helper.make_tensor_value_info("r", TensorProto.FLOAT, ["N", 4, 6, 6])],
    [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"), numpy_helper.from_array(w2, "w2")])
save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), "two_convs.onnx")
save_file({"conv1.weight": w1, "conv1.bias": b1, "conv2.weight": w2,
           "conv2.weight.f16": w2.astype(np.float16), "conv2.weight.f64": w2.astype(np.float64)},
          "two_convs.safetensors", metadata={"format": "pt"})

# ConvTranspose in float16 with output_padding, input shape unknown to the graph; weights in an
# external data file next to the model.
wt = pattern((2, 3, 3, 3), np.float16)
tensor = numpy_helper.from_array(wt, "wt")
graph = helper.make_graph(
    [helper.make_node("ConvTranspose", ["x", "wt"], ["y"], name="up", strides=[2, 2], pads=[1, 1, 1, 1],
                      output_padding=[1, 1])],
    "up", [helper.make_tensor_value_info("x", TensorProto.FLOAT16, None)],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT16, None)], [tensor])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.save(model, "external/up.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
          location="up.weights", size_threshold=0)
