// Writes RGBA pixels as a PNG file (stored, uncompressed deflate: no library needed), for the
// desktop app's --screenshot option.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace optiscape::platform {

/// rgba: width*height*4 bytes, first row at the top. Returns false if the file cannot be written.
bool writePng(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace optiscape::platform
