/// A PyTorch layer as people write it — `nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1))` —
/// parsed into its class and arguments (positional ones already bound to their names).
public struct LayerExpression: Hashable, Sendable {
    /// The convolution classes of `torch.nn`.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case conv1d = "Conv1d", conv2d = "Conv2d", conv3d = "Conv3d"
        case convTranspose1d = "ConvTranspose1d", convTranspose2d = "ConvTranspose2d", convTranspose3d = "ConvTranspose3d"

        public var spatialRank: Int {
            switch self {
            case .conv1d, .convTranspose1d: return 1
            case .conv2d, .convTranspose2d: return 2
            case .conv3d, .convTranspose3d: return 3
            }
        }

        public var isTransposed: Bool { rawValue.hasPrefix("ConvTranspose") }

        /// PyTorch's positional parameter order for this class.
        public var parameterOrder: [String] {
            isTransposed
                ? ["in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias",
                   "dilation", "padding_mode"]
                : ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
                   "padding_mode"]
        }
    }

    public let kind: Kind
    /// Every argument given, by parameter name.
    public let arguments: [String: LayerValue]
    /// The text it was parsed from.
    public let text: String

    /// Parses `text`; a syntax error names the column (1-based) where it was found.
    public init(parsing text: String) throws {
        var parser = LayerParser(text)
        (kind, arguments) = try parser.parseLayer()
        self.text = text
    }
}
