//! The offline verifier in the browser: `/verify.js` loads this module, hands it the cached
//! issuer DID document and status lists it keeps in the page's Cache Storage, and asks it to
//! verify what the camera, a photo or the paste field gave.
//!
//! Owns: the JavaScript-facing surface only; every rule lives in `portal_credentials`
//! ([`OfflineCache`] and [`VerifyView`]), the same code the server and `portal verify` run.
//! Must never: fetch, store or log anything, or read the clock (the page passes the time).
#![forbid(unsafe_code)]

use chrono::{DateTime, Utc};
use portal_credentials::offline::OfflineCache;
use portal_credentials::verdict::VerifyView;
use wasm_bindgen::prelude::*;

/// The largest camera frame or photo read, in pixels (a 12-megapixel photo; the page scales
/// bigger ones down before handing them over).
pub const MAX_PIXELS: usize = 12_000_000;

/// Milliseconds since the Unix epoch (JavaScript's `Date.now()`) as a UTC time.
fn time(ms: f64) -> Option<DateTime<Utc>> {
    if !ms.is_finite() {
        return None;
    }
    // Whole milliseconds fit an i64 for any date a browser can represent (±8.64e15).
    DateTime::from_timestamp_millis(ms.trunc() as i64)
}

fn error(what: &str, detail: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("{what}: {detail}"))
}

/// A verifier holding one issuer's cached DID document and status lists.
#[wasm_bindgen]
pub struct Verifier {
    cache: OfflineCache,
}

#[wasm_bindgen]
impl Verifier {
    /// Trusts the issuer of `did_document` (the text of its `did.json`), and only it.
    #[wasm_bindgen(constructor)]
    pub fn new(did_document: &str) -> Result<Verifier, JsError> {
        OfflineCache::new(did_document.as_bytes())
            .map(|cache| Verifier { cache })
            .map_err(|e| error("DID document", e))
    }

    /// Adds a status list credential fetched at `fetched_at_ms`; refused unless its proof
    /// verifies with the cached DID document.
    #[wasm_bindgen(js_name = addStatusList)]
    pub fn add_status_list(&mut self, list: &str, fetched_at_ms: f64) -> Result<(), JsError> {
        let fetched_at = time(fetched_at_ms).ok_or_else(|| error("status list", "bad time"))?;
        self.cache
            .add_status_list(list.as_bytes(), fetched_at)
            .map_err(|e| error("status list", e))
    }

    /// The trusted issuer's DID.
    #[wasm_bindgen(getter)]
    pub fn issuer(&self) -> String {
        self.cache.issuer().to_owned()
    }

    /// Verifies `input` (the QR code's text, or a credential's JSON or JWS) at `now_ms` and
    /// returns what the page shows, as JSON (the server's verifier view, field for field).
    pub fn verify(&self, input: &str, now_ms: f64) -> String {
        let view = match time(now_ms) {
            Some(now) => VerifyView::of(&self.cache.verify(input.trim().as_bytes(), now, false)),
            None => VerifyView::unreadable("bad-clock"),
        };
        serde_json::to_string(&view).unwrap_or_default()
    }
}

/// Reads the first QR code in a greyscale image (`luma`: one byte per pixel, row by row).
/// `undefined` when there is none or the sizes do not match.
#[wasm_bindgen(js_name = readQr)]
pub fn read_qr(luma: &[u8], width: usize, height: usize) -> Option<String> {
    let pixels = width.checked_mul(height)?;
    if pixels == 0 || pixels > MAX_PIXELS || luma.len() != pixels {
        return None;
    }
    let mut decoder = quircs::Quirc::new();
    decoder
        .identify(width, height, luma)
        .filter_map(Result::ok)
        .find_map(|code| code.decode().ok())
        .and_then(|data| String::from_utf8(data.payload).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR code drawn as greyscale pixels, 4 pixels per module, with a quiet zone.
    fn luma_of(text: &str) -> (Vec<u8>, usize) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let modules = code.width();
        let scale = 4;
        let side = (modules + 8) * scale;
        let colors = code.to_colors();
        let mut luma = vec![255u8; side * side];
        for y in 0..modules {
            for x in 0..modules {
                if colors[y * modules + x] == qrcode::Color::Dark {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            luma[((y + 4) * scale + dy) * side + (x + 4) * scale + dx] = 0;
                        }
                    }
                }
            }
        }
        (luma, side)
    }

    #[test]
    fn reads_a_qr_code_from_pixels() {
        let (luma, side) = luma_of("RP1:HELLO");
        assert_eq!(read_qr(&luma, side, side).as_deref(), Some("RP1:HELLO"));
    }

    #[test]
    fn refuses_mismatched_or_empty_images() {
        let (luma, side) = luma_of("RP1:HELLO");
        assert_eq!(read_qr(&luma, side + 1, side), None);
        assert_eq!(read_qr(&[], 0, 0), None);
        assert_eq!(read_qr(&[255; 100], 10, 10), None);
        assert_eq!(read_qr(&[0], usize::MAX, 2), None);
    }

    #[test]
    fn noise_and_damaged_codes_are_not_codes() {
        // A fixed pseudo-random picture, thin strips, and a code with its lower half erased.
        let mut seed = 0x2545_f491_u32;
        let mut noise = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    seed.to_le_bytes()[0]
                })
                .collect()
        };
        assert_eq!(read_qr(&noise(300 * 300), 300, 300), None);
        assert_eq!(read_qr(&noise(7 * 300), 7, 300), None);
        assert_eq!(read_qr(&noise(300), 300, 1), None);
        let (mut luma, side) = luma_of("RP1:HELLO");
        let half = luma.len() / 2;
        luma[half..].fill(255);
        assert_eq!(read_qr(&luma, side, side), None);
    }

    #[test]
    fn times_come_from_javascript_milliseconds() {
        assert_eq!(
            time(1_780_000_000_000.0).map(|t| t.timestamp()),
            Some(1_780_000_000)
        );
        assert_eq!(time(f64::NAN), None);
        assert_eq!(time(f64::INFINITY), None);
    }
}
