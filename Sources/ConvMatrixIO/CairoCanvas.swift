// The one door to cairo: a canvas that draws rectangles, lines and text onto a raster, SVG or PDF surface.
import CCairo
import ConvMatrix

/// A drawing surface backed by cairo, in units of CSS pixels (1 unit = 1 PNG pixel = 1 SVG user
/// unit = 1 PDF point). The only type in ConvMatrix that calls cairo; the drawing routine of
/// ``SpyPlot`` runs unchanged on every ``Kind``.
///
/// Text uses cairo's "toy" font API with the sans-serif family fontconfig resolves (DejaVu Sans on
/// Debian); the SVG and PDF surfaces embed the glyphs, so the files render the same everywhere.
final class CairoCanvas {
    enum Kind { case raster, svg, pdf }
    enum Anchor { case start, middle, end }

    let kind: Kind
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer
    /// Bytes the SVG/PDF surface streamed out.
    private let sink = ByteSink()

    /// A canvas of `width × height` units.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming cairo's status when the surface cannot be created
    ///   (out of memory, or a size cairo refuses: raster sides above 32767).
    init(_ kind: Kind, width: Int, height: Int) throws {
        precondition(width >= 1 && height >= 1, "a canvas needs at least one unit")
        self.kind = kind
        self.width = width
        self.height = height
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        switch kind {
        case .raster:
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(appendBytes, closure, Double(width), Double(height))
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(appendBytes, closure, Double(width), Double(height))
        }
        context = cairo_create(surface)
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
            throw Self.failure(status, "creating a \(width) × \(height) surface")
        }
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Fills the rectangle `[x, x + w) × [y, y + h)` with `color`. `crisp` turns antialiasing off,
    /// so integer rectangles cover whole pixels in exactly `color`.
    func fill(x: Double, y: Double, width w: Double, height h: Double, color: RGB, crisp: Bool = true) {
        cairo_set_antialias(context, crisp ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT)
        setColor(color)
        cairo_rectangle(context, x, y, w, h)
        cairo_fill(context)
    }

    /// Strokes the outline of a rectangle with a line `lineWidth` wide, centred on the outline.
    func stroke(x: Double, y: Double, width w: Double, height h: Double, color: RGB, lineWidth: Double = 1) {
        cairo_set_antialias(context, CAIRO_ANTIALIAS_NONE)
        setColor(color)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, w, h)
        cairo_stroke(context)
    }

    /// Strokes the straight segments `(x0, y0) → (x1, y1)` in one path, 1 unit wide, crisp.
    func lines(_ segments: [(Double, Double, Double, Double)], color: RGB) {
        guard !segments.isEmpty else { return }
        cairo_set_antialias(context, CAIRO_ANTIALIAS_NONE)
        setColor(color)
        cairo_set_line_width(context, 1)
        for (x0, y0, x1, y1) in segments {
            cairo_move_to(context, x0, y0)
            cairo_line_to(context, x1, y1)
        }
        cairo_stroke(context)
    }

    /// The advance width of `text` at `size` units.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline through `(x, y)`, anchored at its start, middle or end;
    /// `rotated` turns it a quarter counter-clockwise about `(x, y)` (reading bottom to top).
    func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool = false,
              color: RGB = .black, anchor: Anchor = .start, rotated: Bool = false) {
        let width = textWidth(text, size: size, bold: bold)
        let shift = switch anchor {
        case .start: 0.0
        case .middle: -width / 2
        case .end: -width
        }
        cairo_save(context)
        cairo_set_antialias(context, CAIRO_ANTIALIAS_DEFAULT)
        setColor(color)
        cairo_translate(context, x, y)
        if rotated { cairo_rotate(context, -Double.pi / 2) }
        cairo_move_to(context, shift, 0)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    /// Document metadata: the PDF's Title and Subject (other surfaces have no such field).
    func setMetadata(title: String, subject: String) {
        guard kind == .pdf else { return }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ConvMatrix")
    }

    /// Ends drawing and returns the document (SVG, PDF) or the raster as an ``PNGImage``-ready
    /// RGB pixel array, rows top to bottom.
    ///
    /// - Throws: `ConvMatrixError(.io)` with cairo's status when drawing or writing failed.
    /// - Complexity: O(pixels) for a raster, O(document) otherwise.
    func finish() throws -> [UInt8] {
        cairo_show_page(context)
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw Self.failure(status, "drawing") }
        if kind == .raster { return rgbPixels() }
        cairo_surface_finish(surface)
        let finished = cairo_surface_status(surface)
        guard finished == CAIRO_STATUS_SUCCESS else { throw Self.failure(finished, "writing the document") }
        return sink.bytes
    }

    /// The raster's pixels as `R G B` bytes (cairo stores RGB24 as native-endian `0x00RRGGBB` words).
    private func rgbPixels() -> [UInt8] {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        var rgb = [UInt8](repeating: 0, count: 3 * width * height)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * height) { bytes in
            for y in 0..<height {
                let row = UnsafeRawPointer(bytes + y * stride)
                for x in 0..<width {
                    let word = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    let i = 3 * (y * width + x)
                    rgb[i] = UInt8(truncatingIfNeeded: word >> 16)
                    rgb[i + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    rgb[i + 2] = UInt8(truncatingIfNeeded: word)
                }
            }
        }
        return rgb
    }

    private func setColor(_ color: RGB) {
        cairo_set_source_rgb(context, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255)
    }

    private func setFont(size: Double, bold: Bool) {
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    private static func failure(_ status: cairo_status_t, _ doing: String) -> ConvMatrixError {
        let message = cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        return ConvMatrixError(.io, parameter: "cairo", value: doing, rule: message)
    }
}

/// Collects the bytes a cairo stream surface writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// cairo's `cairo_write_func_t`: appends `length` bytes to the ``ByteSink`` behind `closure`.
private func appendBytes(_ closure: UnsafeMutableRawPointer?, _ data: UnsafePointer<UInt8>?,
                         _ length: UInt32) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}
