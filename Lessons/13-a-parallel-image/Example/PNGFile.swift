import CPNG
import Glibc

// region: png
/// What libpng said when it refused.
struct PNGError: Error {
    let message: String
}

/// libpng's message in `image`, a C string in a fixed array of 64 bytes.
private func message(of image: png_image) -> String {
    withUnsafeBytes(of: image.message) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// Writes `shades`, one byte of gray a pixel in reading order, as a PNG
/// file. libpng's "simplified" API does it in one call, and reports a
/// problem in its return value (its older API jumps out with longjmp, which
/// Swift cannot catch).
func writePNG(_ shades: [UInt8], width: Int, height: Int, to path: String) throws {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    image.width = png_uint_32(width)
    image.height = png_uint_32(height)
    image.format = png_uint_32(PNG_FORMAT_GRAY)     // 8 bits a pixel, gray
    let written = shades.withUnsafeBytes { bytes in
        png_image_write_to_file(&image, path, 0, bytes.baseAddress, 0, nil)
    }
    guard written != 0 else { throw PNGError(message: message(of: image)) }
}

/// What a PNG file holds, decoded again by libpng.
struct DecodedPNG {
    let width: Int
    let height: Int
    let isGray: Bool
    let shades: [UInt8]
}

/// Reads the PNG file at `path` back: its size and kind from the header,
/// then every pixel, as 8-bit gray.
func readPNG(at path: String) throws -> DecodedPNG {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    guard png_image_begin_read_from_file(&image, path) != 0 else {
        throw PNGError(message: message(of: image))
    }
    let isGray = image.format == png_uint_32(PNG_FORMAT_GRAY)
    image.format = png_uint_32(PNG_FORMAT_GRAY)     // the format we want the pixels in
    var shades = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height))
    let read = shades.withUnsafeMutableBytes { bytes in
        png_image_finish_read(&image, nil, bytes.baseAddress, 0, nil)
    }
    guard read != 0 else {
        png_image_free(&image)
        throw PNGError(message: message(of: image))
    }
    return DecodedPNG(width: Int(image.width), height: Int(image.height), isGray: isGray, shades: shades)
}

/// The size of the file at `path` in bytes.
func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : -1
}
// endregion: png
