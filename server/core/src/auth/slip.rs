//! The enrollment slip's QR code: the enrollment link as an SVG a phone camera reads easily.
//!
//! Owns: QR rendering of links. Must never: be cached or logged (the link is a secret).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::{CoreError, CoreResult};

/// An SVG QR code (error correction M, quiet zone included) of `link`.
pub fn qr_svg(link: &str) -> CoreResult<String> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|_| CoreError::Setup("the link does not fit in a QR code".into()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enrollment_link_becomes_an_svg_qr_code() {
        let svg =
            qr_svg("http://localhost:3000/enroll/2H3LVbX0KoaMlNbq5Mi3GU0H2w8_6rta3Vp4diyNW7w")
                .unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("#000000"));
    }
}
