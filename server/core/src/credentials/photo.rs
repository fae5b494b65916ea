//! Reading a QR code from a photo or screenshot (PNG or JPEG): the verifier page's upload and
//! `portal verify IMAGE`.
//!
//! Every photo is decoded within limits, turned grey and shrunk to at most [`DETECT_SIDE`]
//! pixels on its longer side before the detector sees it (a phone photo's QR code stays many
//! pixels per module at that size); only when that finds nothing is a second, larger pass
//! made, at most [`SECOND_SIDE`]. The detector is quirc's (the `quircs` crate, the same as the
//! offline verifier's), which considers at most 32 finder patterns and 8 grids whatever the
//! picture holds: a photo tiled with finder patterns or full of noise costs milliseconds, not
//! minutes. Callers on the server run this on the work pool.
//!
//! Owns: image decoding within limits (size, pixels) and QR detection. Must never: decode an
//! image whose header promises more pixels than the limit (decompression bombs), or run the
//! detector on a full-size photo.

use std::io::Cursor;

use image::GrayImage;

/// Largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;
/// Largest width or height, in pixels.
pub const MAX_SIDE: u32 = 4096;
/// Longest side of the picture the detector looks at first.
pub const DETECT_SIDE: u32 = 1024;
/// Longest side of the second look, when the first found nothing in a larger photo.
pub const SECOND_SIDE: u32 = 2048;

/// Why no QR text came out of an image.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QrImageError {
    /// Over [`MAX_IMAGE_BYTES`] or [`MAX_SIDE`].
    #[error("the image is too large")]
    TooLarge,
    /// Not a PNG or JPEG that decodes.
    #[error("the file is not a PNG or JPEG image")]
    NotAnImage,
    /// No readable QR code in it.
    #[error("no QR code could be read in the image")]
    NoCode,
}

/// The text of the first QR code found in `bytes`.
pub fn read_qr(bytes: &[u8]) -> Result<String, QrImageError> {
    let grey = decode_grey(bytes)?;
    let longest = grey.width().max(grey.height());
    if let Some(text) = detect(&shrunk(&grey, DETECT_SIDE)) {
        return Ok(text);
    }
    if longest > DETECT_SIDE {
        if let Some(text) = detect(&shrunk(&grey, SECOND_SIDE)) {
            return Ok(text);
        }
    }
    Err(QrImageError::NoCode)
}

/// The image in `bytes`, grey, refused before decoding when its header promises too much.
fn decode_grey(bytes: &[u8]) -> Result<GrayImage, QrImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(QrImageError::TooLarge);
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| QrImageError::NotAnImage)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => QrImageError::TooLarge,
        _ => QrImageError::NotAnImage,
    })?;
    Ok(image.to_luma8())
}

/// `grey` with its longer side at most `side` pixels (averaging whole areas: fast, and it
/// keeps a QR code's edges).
fn shrunk(grey: &GrayImage, side: u32) -> GrayImage {
    let (width, height) = grey.dimensions();
    let longest = width.max(height);
    if longest <= side {
        return grey.clone();
    }
    let scale = f64::from(side) / f64::from(longest);
    let fit = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, side);
    image::imageops::thumbnail(grey, fit(width), fit(height))
}

/// The first QR code quirc decodes in `grey`.
fn detect(grey: &GrayImage) -> Option<String> {
    let (width, height) = grey.dimensions();
    let mut decoder = quircs::Quirc::new();
    let codes = decoder.identify(
        usize::try_from(width).ok()?,
        usize::try_from(height).ok()?,
        grey.as_raw(),
    );
    codes
        .filter_map(Result::ok)
        .find_map(|code| code.decode().ok())
        .and_then(|data| String::from_utf8(data.payload).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(text: &str, scale: u32) -> Vec<u8> {
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap();
        let side = code.width() as u32;
        let quiet = 4;
        let size = (side + 2 * quiet) * scale;
        let colors = code.to_colors();
        let img = image::GrayImage::from_fn(size, size, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= quiet
                && my >= quiet
                && mx < side + quiet
                && my < side + quiet
                && colors[((my - quiet) * side + (mx - quiet)) as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn reads_back_what_was_encoded() {
        let text = "RP1:ABC123 $%*+-./:";
        assert_eq!(read_qr(&png_of(text, 4)).unwrap(), text);
    }

    #[test]
    fn refuses_non_images_blank_images_and_bombs() {
        assert_eq!(read_qr(b"not an image"), Err(QrImageError::NotAnImage));
        let blank = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        let mut png = Vec::new();
        blank
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(read_qr(&png), Err(QrImageError::NoCode));
        let huge = image::GrayImage::from_pixel(MAX_SIDE + 1, 1, image::Luma([255]));
        let mut png = Vec::new();
        huge.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(read_qr(&png), Err(QrImageError::TooLarge));
        assert_eq!(
            read_qr(&vec![0; MAX_IMAGE_BYTES + 1]),
            Err(QrImageError::TooLarge)
        );
    }

    /// A picture tiled with QR finder patterns (7×7 modules: a dark ring, a light ring, a dark
    /// 3×3 centre), `modules` pixels per module: thousands of candidates for a naive detector.
    fn finder_tiles(side: u32, module: u32) -> GrayImage {
        GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = ((x / module) % 8, (y / module) % 8);
            let ring = mx.min(my).min(6 - mx.min(6)).min(6 - my.min(6));
            let dark = mx < 7 && my < 7 && (ring == 0 || ring >= 2);
            image::Luma([if dark { 0 } else { 255 }])
        })
    }

    fn png(image: &GrayImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_small_code_in_a_large_photo_is_read_after_shrinking() {
        let text = "RP1:a code photographed from a metre away";
        let code = image::load_from_memory(&png_of(text, 6))
            .unwrap()
            .to_luma8();
        let mut photo = GrayImage::from_pixel(3600, 2400, image::Luma([230]));
        image::imageops::overlay(&mut photo, &code, 1500, 900);
        assert_eq!(read_qr(&png(&photo)).unwrap(), text);
    }

    #[test]
    fn a_picture_tiled_with_finder_patterns_finds_no_code() {
        let tiles = png(&finder_tiles(1024, 4));
        assert!(
            tiles.len() < 64 * 1024,
            "a small file: {} bytes",
            tiles.len()
        );
        assert_eq!(read_qr(&tiles), Err(QrImageError::NoCode));
        let large = png(&finder_tiles(4000, 3));
        assert_eq!(read_qr(&large), Err(QrImageError::NoCode));
    }

    #[test]
    fn a_photo_of_noise_finds_no_code() {
        let mut seed: u32 = 0x2545_f491;
        let noise = GrayImage::from_fn(3000, 3000, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            image::Luma([if seed & 1 == 0 { 0 } else { 255 }])
        });
        let bytes = png(&noise);
        assert!(
            bytes.len() > 1024 * 1024,
            "a large file: {} bytes",
            bytes.len()
        );
        assert_eq!(read_qr(&bytes), Err(QrImageError::NoCode));
    }
}
