// The one source file of a precompiled-header host target (cmake/precompiled_headers.cmake):
// the header is compiled once here and reused by every target of the same kind.
