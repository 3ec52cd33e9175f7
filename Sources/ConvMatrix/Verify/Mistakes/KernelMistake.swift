/// The catalogue of common mistakes in hand-written convolution kernels: each case names one bug
/// whose output ``ConvolutionLayer/mistakenOutputs(input:)`` can reproduce, so that a wrong output
/// can be explained ("your output is the layer's with the kernel flipped").
///
/// Every mistake is modelled as a buggy kernel that writes the output buffer of the correct shape.
/// A bug that would change the output extents (padding ignored, stride or dilation ignored) is
/// reproduced only where the buggy kernel still fills every element of that buffer: the positions
/// it computes are the first ones of the buggy output (see each case).
public enum KernelMistake: String, CaseIterable, Sendable {
    /// True convolution instead of cross-correlation: the kernel flipped on every spatial axis,
    /// `w'[…, j₁, …, j_D] = w[…, k₁−1−j₁, …, k_D−1−j_D]`.
    case flippedKernel = "flipped-kernel"
    /// Begin and end pads swapped on every axis (`(b, e) → (e, b)`); explicit padding only — for
    /// `'same'` padding see ``sameUpperLower``.
    case paddingSwapped = "padding-swapped"
    /// All padding of each axis put at its end: `(b, e) → (0, b + e)`.
    case paddingAtEnd = "padding-at-end"
    /// Padding ignored: `(b, e) → (0, 0)`. For a `Conv` this shrinks the output, so it applies only
    /// where the shrunk output keeps the correct extents (a stride that absorbs the pads).
    case paddingMissing = "padding-missing"
    /// Kernel dilation taken as 1 (taps at `o·s + j − b` instead of `o·s + j·d − b`); the first
    /// output positions of the undilated layer fill the correct output buffer.
    case dilationIgnored = "dilation-ignored"
    /// Stride taken as 1 (taps at `o + j·d − b` instead of `o·s + j·d − b`); the first output
    /// positions of the stride-1 layer fill the correct output buffer (for a `ConvTranspose`, the
    /// scatter `i = o + j·d − b` kept where `i` is inside the output).
    case strideIgnored = "stride-ignored"
    /// Channel `c` put in group `c mod g` (local index `c div g`) instead of group `c div (C/g)`
    /// (local index `c mod (C/g)`), for input and output channels; the weight row of an output
    /// channel is unchanged.
    case groupsInterleaved = "groups-interleaved"
    /// A `ConvTranspose` weight read as `(C_out, C_in/g, k…)` instead of PyTorch's
    /// `(C_in, C_out/g, k…)`.
    case transposedWeightLayout = "transposed-weight-layout"
    /// `'same'` padding (PyTorch `padding='same'`, ONNX `SAME_UPPER`/`SAME_LOWER`) whose odd total
    /// is put at the other end: `SAME_UPPER` and `SAME_LOWER` confused.
    case sameUpperLower = "same-upper-lower"
    /// A `ConvTranspose`'s `output_padding` mishandled, in one of two variants: ignored (the last
    /// `output_padding` positions of each axis left zero), or put at the start of the axis (the
    /// output moved `output_padding` positions towards the end, the first ones zero).
    case outputPaddingIgnored = "output-padding"
    /// The bias not added.
    case biasMissing = "bias-missing"
    /// The bias added twice.
    case biasTwice = "bias-twice"
    /// Channels-last buffers read as channels-first or the reverse: the input buffer reinterpreted
    /// in the other layout, the correct convolution of that reading written in the other layout.
    case layoutSwapped = "layout-swapped"
    /// The output moved by one element along one spatial axis, either direction, the vacated
    /// element zero (an off-by-one in the output index).
    case shift = "shift"

    /// One sentence for people.
    public var summary: String {
        switch self {
        case .flippedKernel: return "The kernel is flipped on every spatial axis: a true convolution instead of PyTorch's cross-correlation."
        case .paddingSwapped: return "The begin and end pads of every axis are swapped."
        case .paddingAtEnd: return "All padding of each axis is put at its end instead of split between begin and end."
        case .paddingMissing: return "The padding is ignored: the input is read without its zero border."
        case .dilationIgnored: return "The kernel dilation is ignored: neighbouring taps read neighbouring inputs."
        case .strideIgnored: return "The stride is ignored: output positions advance by one input element instead of by the stride."
        case .groupsInterleaved: return "Channels are assigned to groups round-robin (c mod groups) instead of in consecutive blocks."
        case .transposedWeightLayout: return "The ConvTranspose weight is read as (C_out, C_in/groups, k…) instead of (C_in, C_out/groups, k…)."
        case .sameUpperLower: return "The odd element of 'same' padding is put at the wrong end (SAME_UPPER and SAME_LOWER confused)."
        case .outputPaddingIgnored: return "The ConvTranspose output_padding is ignored or put at the start of the axis instead of its end."
        case .biasMissing: return "The bias is not added."
        case .biasTwice: return "The bias is added twice."
        case .layoutSwapped: return "Channels-last data is read as channels-first, or the reverse."
        case .shift: return "The output is shifted by one element along a spatial axis."
        }
    }
}
