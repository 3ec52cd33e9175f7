#pragma once
// cairo 2D graphics (Debian's libcairo2-dev): image, SVG and PDF surfaces, text through the
// "toy" font API. Only ConvMatrixIO's CairoCanvas.swift imports this module.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo-pdf.h>
