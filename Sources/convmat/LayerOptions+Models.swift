import ArgumentParser
import ConvMatrix
import ConvMatrixIO

/// The rules of `--onnx`/`--node` and of `.safetensors` weights (`--tensor`, `--bias-tensor`).
extension LayerOptions {
    /// `--onnx` defines the whole layer; `--tensor` goes with a `.safetensors` `--weights`, and a
    /// `.safetensors` file needs `--tensor` (it holds many tensors); the same for the bias.
    func validateModelOptions() throws {
        if onnx != nil {
            if layer != nil || caseFile != nil { throw ValidationError("give one of LAYER, --case FILE or --onnx MODEL, not several") }
            let conflicting = [("--layout", layout != nil), ("--input-dilation", inputDilation != nil),
                               ("--weights", weights != nil), ("--tensor", tensor != nil), ("--fill", fill != nil),
                               ("--seed", seed != nil), ("--bias", bias != nil), ("--bias-tensor", biasTensor != nil)]
                .filter(\.1).map(\.0)
            if !conflicting.isEmpty {
                throw ValidationError("--onnx defines the layer, its weights and bias from the model; drop \(conflicting.joined(separator: ", "))")
            }
        } else if node != nil {
            throw ValidationError("--node names a node of --onnx MODEL.onnx")
        }
        try Self.checkSafetensors(file: weights, option: "--weights", tensor: tensor, tensorOption: "--tensor")
        try Self.checkSafetensors(file: bias, option: "--bias", tensor: biasTensor, tensorOption: "--bias-tensor")
    }

    private static func checkSafetensors(file: String?, option: String, tensor: String?, tensorOption: String) throws {
        let isSafetensors = file?.hasSuffix(".safetensors") ?? false
        if tensor != nil, !isSafetensors {
            throw ValidationError("\(tensorOption) names a tensor of \(option) FILE.safetensors")
        }
        if isSafetensors, tensor == nil {
            throw ValidationError("\(option) \(file!) holds named tensors: say which with \(tensorOption) NAME")
        }
    }
}
