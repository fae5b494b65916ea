//! Reading a QR code from a photo or screenshot (PNG or JPEG): the verifier page's upload and
//! `portal verify IMAGE`.
//!
//! Owns: image decoding within limits (size, pixels) and QR detection. Must never: decode an
//! image whose header promises more pixels than the limit (decompression bombs).

use std::io::Cursor;

/// Largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;
/// Largest width or height, in pixels.
pub const MAX_SIDE: u32 = 4096;

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
    let grey = image.to_luma8();
    let (width, height) = grey.dimensions();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        usize::try_from(width).map_err(|_| QrImageError::TooLarge)?,
        usize::try_from(height).map_err(|_| QrImageError::TooLarge)?,
        |x, y| {
            let (x, y) = (u32::try_from(x).unwrap_or(0), u32::try_from(y).unwrap_or(0));
            grey.get_pixel_checked(x, y).map_or(255, |p| p.0[0])
        },
    );
    for grid in prepared.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            return Ok(text);
        }
    }
    Err(QrImageError::NoCode)
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
}
