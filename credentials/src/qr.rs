//! QR payload codec: credential text <-> `RP3:` + base45(deflate(text)), and SD-JWT text <->
//! `RP2:` + base45(zlib(its parts as bytes)); the first format, `RP1:` + base45(zlib(text)),
//! is still read.
//!
//! Owns: compressing a credential (JSON VC, compact JWS or SD-JWT) into the QR
//! alphanumeric alphabet, decoding it back byte-exact, choosing the QR
//! version and rendering an SVG. Must never: decompress without a size cap
//! (zip bombs), read or write files, or judge whether the credential is valid
//! (that is `verify`'s job).

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use qrcode::{bits::Bits, render::svg, EcLevel, QrCode, Version};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

use crate::{base45, error::CredentialError};

/// Prefix of the QR payloads this codec makes of a JSON credential or a compact JWS (format
/// 3): raw DEFLATE (RFC 1951) with the preset dictionary [`QR_DICTIONARY`]. Against `RP1:`
/// it drops zlib's 10 bytes of header, dictionary id and checksum (the QR code's own error
/// correction and the credential's signature already catch a bad read) and its dictionary
/// follows what the portal issues today (two status entries, a photo under
/// `/credentials/…/photo` with a sha-256 digest): a proof of registration with a photo went
/// from QR version 16 to 15.
pub const QR_PREFIX: &str = "RP3:";

/// Prefix of the first format (zlib with [`QR_DICTIONARY_V1`]): no longer made, still read,
/// since printed codes live for years.
pub const QR_PREFIX_V1: &str = "RP1:";

/// Largest credential text (and decompressed payload) accepted: 64 KiB.
pub const MAX_DECOMPRESSED_BYTES: usize = 64 * 1024;

/// Largest QR payload text accepted by [`decode_payload`]. A version 40 QR
/// code holds at most 4,296 alphanumeric characters; pasted payloads may be
/// somewhat longer but nothing legitimate is longer than this.
pub const MAX_PAYLOAD_CHARS: usize = 16 * 1024;

/// The zlib preset dictionary (RFC 1950 `FDICT`) of the `RP1:` format: text
/// that portal credentials repeat, so that even the first occurrence of
/// each string compresses to a back-reference. Part of that wire format: never changed.
/// Decoding also accepts zlib streams made without a dictionary.
pub const QR_DICTIONARY_V1: &str = concat!(
    r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://w3id.org/security/data-integrity/v2"],"#,
    r#""type":"BitstringStatusListCredential","statusPurpose":"suspension","encodedList":"u","#,
    r#""member":[{"name":"","relationship":"child"},{"name":"","relationship":"spouse"},"#,
    r#"{"name":"","relationship":"principal-applicant"}],"householdId":"HH-"},"#,
    r#""alg":"EdDSA","typ":"vc+jwt","kid":"did:web:refugee-portal.example#key-1-jwk","#,
    r#"eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCIsImtpZCI6ImRpZDp3ZWI6cmVmdWdlZS1wb3J0YWwuZXhhbXBsZSNrZXkt"#,
    r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://refugee-portal.example/ns/credentials/v1"],"#,
    r#""credentialStatus":{"id":"https://refugee-portal.example/status/1#","#,
    r#""statusListCredential":"https://refugee-portal.example/status/1","statusListIndex":"","#,
    r#""statusPurpose":"revocation","type":"BitstringStatusListEntry"},"#,
    r#""credentialSubject":{"birthDate":"19","issuingOffice":" Registration Office","name":"","#,
    r#""nameOriginalScript":{"@language":"ar","@value":""},"registrationNumber":"","#,
    r#""registrationStatus":"active"},"id":"urn:uuid:","issuer":"did:web:refugee-portal.example","#,
    r#""proof":{"@context":["https://www.w3.org/ns/credentials/v2","https://refugee-portal.example/ns/credentials/v1"],"#,
    r#""created":"2026-01-01T00:00:00Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","proofValue":"z","#,
    r#""type":"DataIntegrityProof","verificationMethod":"did:web:refugee-portal.example#key-1"},"#,
    r#""relatedResource":[{"digestSRI":"sha384-","id":"https://refugee-portal.example/photos/","#,
    r#""mediaType":"image/jpeg"}],"type":["VerifiableCredential","RefugeeRegistrationCredential"],"#,
    r#""validFrom":"2026-01-01T00:00:00Z","validUntil":"2028-01-01T00:00:00Z"}"#,
);

/// The preset dictionary of the `RP3:` format: what a credential of the portal repeats, in
/// the order of its RFC 8785 form (DEFLATE reaches back 32 KiB, and the nearer a match the
/// fewer bits it costs, so the credential's own shape comes last). Part of the wire format:
/// never change it without a new prefix.
pub const QR_DICTIONARY: &str = concat!(
    r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://w3id.org/security/data-integrity/v2"],"#,
    r#""type":"BitstringStatusListCredential","statusPurpose":"suspension","encodedList":"u","#,
    r#""member":[{"name":"","relationship":"child"},{"name":"","relationship":"spouse"},"#,
    r#"{"name":"","relationship":"principal-applicant"}],"householdId":"HH-"},"#,
    r#""alg":"EdDSA","typ":"vc+jwt","kid":"did:web:refugee-portal.example#key-1-jwk","#,
    r#"eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCIsImtpZCI6ImRpZDp3ZWI6cmVmdWdlZS1wb3J0YWwuZXhhbXBsZSNrZXkt"#,
    r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://refugee-portal.example/ns/credentials/v1"],"#,
    r#""credentialStatus":[{"id":"https://refugee-portal.example/status/revocation/0#","#,
    r#""statusListCredential":"https://refugee-portal.example/status/revocation/0","statusListIndex":"","#,
    r#""statusPurpose":"revocation","type":"BitstringStatusListEntry"},"#,
    r#"{"id":"https://refugee-portal.example/status/suspension/0#","#,
    r#""statusListCredential":"https://refugee-portal.example/status/suspension/0","statusListIndex":"","#,
    r#""statusPurpose":"suspension","type":"BitstringStatusListEntry"}],"#,
    r#""credentialSubject":{"birthDate":"19","issuingOffice":" Registration Office","name":"","#,
    r#""nameOriginalScript":{"@language":"ar","@value":""},"registrationNumber":"","#,
    r#""registrationStatus":"active"},"id":"urn:uuid:","issuer":"did:web:refugee-portal.example","#,
    r#""proof":{"@context":["https://www.w3.org/ns/credentials/v2","https://refugee-portal.example/ns/credentials/v1"],"#,
    r#""created":"2026-01-01T00:00:00Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","proofValue":"z","#,
    r#""type":"DataIntegrityProof","verificationMethod":"did:web:refugee-portal.example#key-1"},"#,
    r#""relatedResource":[{"digestSRI":"sha256-","id":"https://refugee-portal.example/credentials//photo","#,
    r#""mediaType":"image/jpeg"}],"type":["VerifiableCredential","RefugeeRegistrationCredential"],"#,
    r#""validFrom":"2026-01-01T00:00:00Z","validUntil":"2028-01-01T00:00:00Z"}"#,
);

/// Prefix of the payload that carries an SD-JWT (version 2): each base64url part (the JWT's
/// header, claims and signature, each disclosure, a key-binding JWT's three parts) travels as
/// its bytes, each after its length, so digests, salts and signatures are not spelled out in
/// base64 before being spelled out again in base45. Decoding gives back the exact text.
pub const QR_PREFIX_SD_JWT: &str = "RP2:";

/// The zlib preset dictionary of the `RP2:` format: the JSON an SD-JWT VC of the portal
/// repeats (keys in the order `serde_json` writes them). Part of the wire format: never
/// change it without a new prefix.
pub const QR_SD_DICTIONARY: &str = concat!(
    r#"{"alg":"EdDSA","typ":"kb+jwt"}{"aud":"https://","iat":17,"nonce":"","sd_hash":""}"#,
    r#"["","household_id","AMM-26-C"]["","members",[{"birthdate":"20","name":"","relationship":"child"}]]"#,
    r#"["","name_original_script",""]["","age_over_65",false]["","issuing_office"," Registration Office"]"#,
    r#"["","birthdate","19"]["","photo_digest","sha384-"]["","registration_status","active"]"#,
    r#"["","registration_number","AMM-26-0000"]["","age_over_18",true]["","name",""]"#,
    r#"{"alg":"EdDSA","kid":"did:web:refugee-portal.example#key-1","typ":"dc+sd-jwt"}"#,
    r#"{"_sd":["","","","","","","","",""],"_sd_alg":"sha-256","exp":17,"iat":17,"#,
    r#""iss":"did:web:refugee-portal.example","nbf":17,"#,
    r#""status":{"status_list":{"idx":,"uri":"https://refugee-portal.example/status/token/0"}},"#,
    r#""vct":"https://refugee-portal.example/vct/registration/v1"}"#,
);

/// The error-correction level used for every portal QR code.
pub const EC_LEVEL: EcLevel = EcLevel::M;

/// Encodes credential text (a JSON VC, compact JWS or SD-JWT) as a QR payload string: an
/// SD-JWT whose parts are canonical base64url as `RP2:`, anything else as `RP3:`.
pub fn encode_payload(credential_text: &str) -> Result<String, CredentialError> {
    if credential_text.len() <= MAX_DECOMPRESSED_BYTES
        && crate::sd_jwt::looks_like_sd_jwt(credential_text)
    {
        if let Some(bytes) = sd_jwt_to_bytes(credential_text) {
            let compressed = deflate_with_dictionary(&bytes, QR_SD_DICTIONARY, Framing::Zlib)?;
            return Ok(format!("{QR_PREFIX_SD_JWT}{}", base45::encode(&compressed)));
        }
    }
    encode_payload_bytes(credential_text.as_bytes())
}

fn push_len(out: &mut Vec<u8>, len: usize) -> Option<()> {
    // Two bytes, big-endian: no part of a 64 KiB SD-JWT is longer.
    let len = u16::try_from(len).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    Some(())
}

fn push_part(out: &mut Vec<u8>, part: &str) -> Option<()> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    // Only canonical base64url comes back byte-exact.
    if URL_SAFE_NO_PAD.encode(&bytes) != part {
        return None;
    }
    push_len(out, bytes.len())?;
    out.extend_from_slice(&bytes);
    Some(())
}

fn push_jwt(out: &mut Vec<u8>, jwt: &str) -> Option<()> {
    let mut parts = jwt.split('.');
    for _ in 0..3 {
        push_part(out, parts.next()?)?;
    }
    parts.next().is_none().then_some(())
}

/// An SD-JWT as bytes: the issuer JWT's three parts, the number of disclosures and each, then
/// a key-binding JWT's three parts if there is one. `None` when a part is not canonical.
fn sd_jwt_to_bytes(text: &str) -> Option<Vec<u8>> {
    let (hashed, kb) = text.rsplit_once('~')?;
    let mut parts = hashed.split('~');
    let mut out = Vec::with_capacity(text.len());
    push_jwt(&mut out, parts.next()?)?;
    let disclosures: Vec<&str> = parts.collect();
    push_len(&mut out, disclosures.len())?;
    for d in disclosures {
        push_part(&mut out, d)?;
    }
    if !kb.is_empty() {
        push_jwt(&mut out, kb)?;
    }
    Some(out)
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn len(&mut self) -> Result<usize, CredentialError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<2>()
            .ok_or_else(|| CredentialError::Decompress("the SD-JWT payload is cut short".into()))?;
        self.0 = rest;
        Ok(usize::from(u16::from_be_bytes(*head)))
    }

    fn part(&mut self) -> Result<String, CredentialError> {
        let len = self.len()?;
        if len > self.0.len() {
            return Err(CredentialError::Decompress(
                "the SD-JWT payload is cut short".into(),
            ));
        }
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    fn jwt(&mut self) -> Result<String, CredentialError> {
        Ok(format!(
            "{}.{}.{}",
            self.part()?,
            self.part()?,
            self.part()?
        ))
    }
}

/// The SD-JWT text of [`sd_jwt_to_bytes`]'s bytes.
fn sd_jwt_from_bytes(bytes: &[u8]) -> Result<String, CredentialError> {
    let mut reader = Reader(bytes);
    let mut text = reader.jwt()?;
    text.push('~');
    for _ in 0..reader.len()? {
        text.push_str(&reader.part()?);
        text.push('~');
    }
    if !reader.0.is_empty() {
        text.push_str(&reader.jwt()?);
    }
    if !reader.0.is_empty() {
        return Err(CredentialError::Decompress(
            "unexpected bytes after the SD-JWT".into(),
        ));
    }
    Ok(text)
}

/// Encodes a JSON credential for a QR code in its RFC 8785 canonical form
/// (sorted keys, no whitespace). The form is the same whatever `serde_json`
/// features the build has, it matches [`QR_DICTIONARY`] best, and a Data
/// Integrity proof does not depend on key order, so it still verifies.
pub fn encode_credential_json(credential: &serde_json::Value) -> Result<String, CredentialError> {
    encode_payload_bytes(&crate::jcs::canonicalize(credential)?)
}

/// Encodes raw bytes as a QR payload string.
pub fn encode_payload_bytes(data: &[u8]) -> Result<String, CredentialError> {
    if data.len() > MAX_DECOMPRESSED_BYTES {
        return Err(CredentialError::TooLarge {
            what: "credential text",
            limit: MAX_DECOMPRESSED_BYTES,
        });
    }
    let compressed = deflate_with_dictionary(data, QR_DICTIONARY, Framing::Raw)?;
    let mut out = String::with_capacity(QR_PREFIX.len() + compressed.len() * 3 / 2 + 2);
    out.push_str(QR_PREFIX);
    out.push_str(&base45::encode(&compressed));
    Ok(out)
}

/// How a DEFLATE stream is wrapped: in zlib (RFC 1950: header, dictionary id, checksum) or
/// not at all, the dictionary then being known from the prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Zlib,
    Raw,
}

fn deflate_with_dictionary(
    data: &[u8],
    dictionary: &str,
    framing: Framing,
) -> Result<Vec<u8>, CredentialError> {
    let fail =
        |e: flate2::CompressError| CredentialError::Decompress(format!("compression failed: {e}"));
    let mut z = Compress::new(Compression::best(), framing == Framing::Zlib);
    z.set_dictionary(dictionary.as_bytes()).map_err(fail)?;
    // Deflate's worst case is a little over the input size.
    let mut out = Vec::with_capacity(data.len() + data.len() / 100 + 64);
    loop {
        let consumed = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let rest = data.get(consumed..).unwrap_or_default();
        match z
            .compress_vec(rest, &mut out, FlushCompress::Finish)
            .map_err(fail)?
        {
            Status::StreamEnd => return Ok(out),
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
        }
    }
}

/// Decodes a QR payload string back into the exact bytes that were encoded.
///
/// Trailing carriage returns and line feeds (added by some scanners) are
/// ignored; every other deviation is an error.
pub fn decode_payload_bytes(payload: &str) -> Result<Vec<u8>, CredentialError> {
    let payload = payload.trim_end_matches(['\r', '\n']);
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(CredentialError::TooLarge {
            what: "QR payload",
            limit: MAX_PAYLOAD_CHARS,
        });
    }
    if let Some(body) = payload.strip_prefix(QR_PREFIX_SD_JWT) {
        let bytes = inflate_capped(&base45::decode(body)?, QR_SD_DICTIONARY, Framing::Zlib)?;
        return Ok(sd_jwt_from_bytes(&bytes)?.into_bytes());
    }
    if let Some(body) = payload.strip_prefix(QR_PREFIX_V1) {
        return inflate_capped(&base45::decode(body)?, QR_DICTIONARY_V1, Framing::Zlib);
    }
    let body = payload
        .strip_prefix(QR_PREFIX)
        .ok_or(CredentialError::QrBadPrefix {
            expected: QR_PREFIX,
        })?;
    inflate_capped(&base45::decode(body)?, QR_DICTIONARY, Framing::Raw)
}

/// Decodes a QR payload string into credential text (UTF-8).
pub fn decode_payload(payload: &str) -> Result<String, CredentialError> {
    String::from_utf8(decode_payload_bytes(payload)?).map_err(|_| CredentialError::NotUtf8)
}

/// Whether a text looks like a QR payload of this codec (by its prefix only).
pub fn is_qr_payload(text: &str) -> bool {
    [QR_PREFIX, QR_PREFIX_SD_JWT, QR_PREFIX_V1]
        .iter()
        .any(|prefix| text.starts_with(prefix))
}

/// Inflates a DEFLATE stream into at most [`MAX_DECOMPRESSED_BYTES`], rejecting trailing
/// bytes: a raw one with `dictionary` preset, or a zlib one with `dictionary` or none, as its
/// header says.
fn inflate_capped(
    compressed: &[u8],
    dictionary: &str,
    framing: Framing,
) -> Result<Vec<u8>, CredentialError> {
    let corrupt = |msg: String| CredentialError::Decompress(msg);
    let mut z = Decompress::new(framing == Framing::Zlib);
    if framing == Framing::Raw {
        z.set_dictionary(dictionary.as_bytes())
            .map_err(|e| corrupt(e.to_string()))?;
    }
    let mut out: Vec<u8> = Vec::new();
    loop {
        if out.len() > MAX_DECOMPRESSED_BYTES {
            return Err(CredentialError::TooLarge {
                what: "decompressed payload",
                limit: MAX_DECOMPRESSED_BYTES,
            });
        }
        if out.len() == out.capacity() {
            let room = (MAX_DECOMPRESSED_BYTES + 1 - out.len()).min(out.len().max(4096));
            out.reserve_exact(room);
        }
        let (in_before, out_before) = (z.total_in(), z.total_out());
        let consumed = usize::try_from(in_before).unwrap_or(usize::MAX);
        let rest = compressed.get(consumed..).unwrap_or_default();
        match z.decompress_vec(rest, &mut out, FlushDecompress::Finish) {
            Ok(Status::StreamEnd) => break,
            Ok(Status::Ok | Status::BufError) => {
                let stalled = z.total_in() == in_before && z.total_out() == out_before;
                if stalled && out.len() < out.capacity() {
                    return Err(corrupt("the compressed data is cut short".into()));
                }
            }
            Err(e) => match e.needs_dictionary() {
                Some(id) if id == adler32(dictionary.as_bytes()) => {
                    z.set_dictionary(dictionary.as_bytes())
                        .map_err(|e| corrupt(e.to_string()))?;
                }
                Some(_) => {
                    return Err(corrupt(
                        "the zlib stream needs an unknown dictionary".into(),
                    ))
                }
                None => return Err(corrupt(e.to_string())),
            },
        }
    }
    if out.len() > MAX_DECOMPRESSED_BYTES {
        return Err(CredentialError::TooLarge {
            what: "decompressed payload",
            limit: MAX_DECOMPRESSED_BYTES,
        });
    }
    if usize::try_from(z.total_in()).ok() != Some(compressed.len()) {
        return Err(corrupt(
            "unexpected bytes after the end of the compressed data".into(),
        ));
    }
    Ok(out)
}

/// Adler-32 (RFC 1950), used to recognise the preset dictionary's id.
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// Builds the QR data bits for a payload in alphanumeric mode, in the
/// smallest version that holds it at error-correction level M.
fn smallest_bits(payload: &str) -> Result<Bits, CredentialError> {
    if !payload
        .bytes()
        .all(|b| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(&b))
    {
        return Err(CredentialError::QrCapacity(
            "payload has characters outside the QR alphanumeric set".into(),
        ));
    }
    for v in 1..=40i16 {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_alphanumeric_data(payload.as_bytes()).is_ok()
            && bits.push_terminator(EC_LEVEL).is_ok()
        {
            return Ok(bits);
        }
    }
    Err(CredentialError::QrCapacity(format!(
        "{} characters exceed QR version 40 at level M",
        payload.len()
    )))
}

/// The QR version (1-40) a payload needs at level M in alphanumeric mode.
pub fn qr_version(payload: &str) -> Result<i16, CredentialError> {
    match smallest_bits(payload)?.version() {
        Version::Normal(v) | Version::Micro(v) => Ok(v),
    }
}

/// Renders a payload as an SVG document (black on white, with quiet zone).
pub fn render_svg(payload: &str) -> Result<String, CredentialError> {
    let code = QrCode::with_bits(smallest_bits(payload)?, EC_LEVEL)
        .map_err(|e| CredentialError::QrCapacity(e.to_string()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// Renders a link (an `openid-credential-offer://` offer) as an SVG QR code in byte mode at
/// level M, with the version reached.
pub fn render_link_svg(link: &str) -> Result<(String, i16), CredentialError> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EC_LEVEL)
        .map_err(|e| CredentialError::QrCapacity(e.to_string()))?;
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok((svg, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_renders_in_byte_mode_and_an_oversized_one_is_refused() {
        let (svg, version) =
            render_link_svg("openid-credential-offer://?credential_offer=%7B%7D").unwrap();
        assert!(svg.starts_with("<?xml") || svg.contains("<svg"));
        assert!((1..=5).contains(&version), "{version}");
        assert!(matches!(
            render_link_svg(&"x".repeat(3000)),
            Err(CredentialError::QrCapacity(_))
        ));
    }

    fn sd_jwt_sample(kb: bool) -> String {
        use crate::keys::{signing_key_from_seed, Signer};
        let claims = crate::sd_jwt_vc::claims_of(
            &crate::model::tests::registration(),
            "https://refugee-portal.example",
            crate::model::tests::t(2026, 5, 1),
            Some(crate::keys::public_jwk(
                &signing_key_from_seed(&[9; 32]).verifying_key(),
            )),
            Some(crate::sd_jwt_vc::status_claim(
                "https://refugee-portal.example/status/token/0",
                4242,
            )),
        )
        .unwrap();
        let signer = Signer::new(
            "did:web:refugee-portal.example#key-1",
            signing_key_from_seed(&[1; 32]),
        );
        let sd = crate::sd_jwt::issue(&claims, &signer, &mut rand_core::OsRng).unwrap();
        let shown = sd.present(crate::sd_jwt_vc::Preset::Bank.claims());
        if kb {
            crate::sd_jwt::bind(
                &shown,
                &signing_key_from_seed(&[9; 32]),
                "https://bank.example",
                "n-1",
                crate::model::tests::t(2026, 6, 1),
            )
            .unwrap()
        } else {
            shown
        }
    }

    #[test]
    fn an_sd_jwt_travels_as_its_bytes_and_comes_back_exact() {
        for kb in [false, true] {
            let text = sd_jwt_sample(kb);
            let payload = encode_payload(&text).unwrap();
            assert!(payload.starts_with(QR_PREFIX_SD_JWT));
            assert!(is_qr_payload(&payload));
            assert_eq!(decode_payload(&payload).unwrap(), text);
            let rp1 = encode_payload_bytes(text.as_bytes()).unwrap();
            println!(
                "SD-JWT (bank, key binding {kb}): {} chars; RP2 QR version {} ({} chars), RP3 would be {}",
                text.len(),
                qr_version(&payload).unwrap(),
                payload.len(),
                qr_version(&rp1).unwrap()
            );
            assert!(payload.len() < rp1.len());
        }
        // Not canonical base64url (a padding bit set): kept as text, still exact.
        let text = sd_jwt_sample(false);
        let (jwt, rest) = text.split_once('~').unwrap();
        let odd = format!("{jwt}~{}B~", &rest[..rest.len() - 2]);
        let payload = encode_payload(&odd).unwrap();
        assert!(payload.starts_with(QR_PREFIX));
        assert_eq!(decode_payload(&payload).unwrap(), odd);
    }

    proptest::proptest! {
        /// Any bytes read as an `RP2:` body give an SD-JWT text or an error, never a panic.
        #[test]
        fn arbitrary_sd_jwt_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let _ = sd_jwt_from_bytes(&bytes);
        }
    }

    #[test]
    fn a_cut_or_padded_sd_jwt_payload_is_refused() {
        let bytes = sd_jwt_to_bytes(&sd_jwt_sample(false)).unwrap();
        for broken in [&bytes[..bytes.len() - 1], &bytes[..3]] {
            assert!(sd_jwt_from_bytes(broken).is_err());
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 1, 7]);
        assert!(sd_jwt_from_bytes(&longer).is_err());
        let encoded = format!(
            "{QR_PREFIX_SD_JWT}{}",
            base45::encode(
                &deflate_with_dictionary(&longer, QR_SD_DICTIONARY, Framing::Zlib).unwrap()
            )
        );
        assert!(decode_payload(&encoded).is_err());
    }

    const SAMPLE_JWS: &str = "eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln";

    /// A zlib stream made without the preset dictionary.
    fn plain_zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn adler32_matches_the_rfc_1950_definition() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    /// An `RP1:` payload, as the portal made them before `RP3:`.
    fn rp1(data: &[u8]) -> String {
        let z = deflate_with_dictionary(data, QR_DICTIONARY_V1, Framing::Zlib).unwrap();
        format!("{QR_PREFIX_V1}{}", base45::encode(&z))
    }

    #[test]
    fn rp1_payloads_with_their_dictionary_or_none_still_decode() {
        let payload = rp1(SAMPLE_JWS.as_bytes());
        let z = base45::decode(&payload[QR_PREFIX_V1.len()..]).unwrap();
        assert_eq!(z[1] & 0x20, 0x20, "FDICT flag set");
        assert!(is_qr_payload(&payload));
        assert_eq!(decode_payload(&payload).unwrap(), SAMPLE_JWS);
        let plain = format!("{QR_PREFIX_V1}{}", base45::encode(&plain_zlib(b"hello")));
        assert_eq!(decode_payload(&plain).unwrap(), "hello");
    }

    #[test]
    fn rp3_is_raw_deflate_that_only_its_dictionary_reads() {
        let payload = encode_payload(SAMPLE_JWS).unwrap();
        assert!(payload.starts_with(QR_PREFIX));
        let raw = base45::decode(&payload[QR_PREFIX.len()..]).unwrap();
        // Not a zlib stream: no header (CM 8 and a check value divisible by 31).
        assert!(!(raw[0] & 0x0f == 8 && u16::from_be_bytes([raw[0], raw[1]]).is_multiple_of(31)));
        // Another dictionary does not give the text back.
        assert!(!matches!(
            inflate_capped(&raw, QR_DICTIONARY_V1, Framing::Raw),
            Ok(bytes) if bytes == SAMPLE_JWS.as_bytes()
        ));
        // The same body under the old prefix is not read as something else.
        assert!(decode_payload(&format!("{QR_PREFIX_V1}{}", &payload[4..])).is_err());
    }

    /// A credential the portal issues today (two status entries, a photo reference, an
    /// issuer that is not the dictionary's), signed: its QR code fits version 15 at level M.
    #[test]
    fn a_registration_credential_with_a_photo_fits_version_15() {
        use crate::keys::{signing_key_from_seed, Signer};
        use crate::model::{
            registration_credential, CredentialEnvelope, PhotoReference, RegistrationNumber,
            RegistrationStatus, RegistrationSubject,
        };
        use crate::status::{BitstringStatusListEntry, StatusPurpose};
        let origin = "https://portal.help-jordan.org";
        let issuer = "did:web:portal.help-jordan.org";
        let id = "3f6b1c2e-8d4a-4f0b-9c1d-2e7a5b6c8d90";
        let status = [
            ("revocation", StatusPurpose::Revocation),
            ("suspension", StatusPurpose::Suspension),
        ]
        .map(|(path, purpose)| {
            serde_json::to_value(BitstringStatusListEntry::new(
                &format!("{origin}/status/{path}/0"),
                purpose,
                48_213,
            ))
            .unwrap()
        });
        let envelope = CredentialEnvelope {
            context: crate::model::portal_context_url(origin),
            id: format!("urn:uuid:{id}"),
            issuer: issuer.into(),
            valid_from: crate::model::tests::t(2026, 12, 7),
            valid_until: Some(crate::model::tests::t(2027, 12, 7)),
            status: status.to_vec(),
        };
        let subject = RegistrationSubject {
            id: None,
            name: "Amina Al-Hassan".into(),
            name_original_script: Some(crate::model::LanguageString {
                value: "أمينة الحسن".into(),
                language: "ar".into(),
            }),
            birth_date: chrono::NaiveDate::from_ymd_opt(1992, 3, 14).unwrap(),
            registration_number: RegistrationNumber::parse("JOR-AMM-2026-004512").unwrap(),
            registration_status: RegistrationStatus::Active,
            issuing_office: "Amman Registration Office".into(),
        };
        let photo = PhotoReference::from_bytes(
            format!("{origin}/credentials/{id}/photo"),
            "image/jpeg",
            b"a photo",
        );
        let vc = registration_credential(envelope, &subject, Some(&photo)).unwrap();
        let signer = Signer::new(format!("{issuer}#key-1"), signing_key_from_seed(&[3; 32]));
        let signed = crate::jcs::sign(&vc, &signer, crate::model::tests::t(2026, 12, 7)).unwrap();
        let payload = encode_credential_json(&signed).unwrap();
        let before = rp1(&crate::jcs::canonicalize(&signed).unwrap());
        println!(
            "proof of registration with a photo: RP3 {} characters, version {}; RP1 {} characters, version {}",
            payload.len(),
            qr_version(&payload).unwrap(),
            before.len(),
            qr_version(&before).unwrap()
        );
        assert!(qr_version(&payload).unwrap() <= 15);
        assert!(payload.len() < before.len());
        assert_eq!(
            decode_payload(&payload).unwrap().as_bytes(),
            crate::jcs::canonicalize(&signed).unwrap()
        );
    }

    #[test]
    fn unknown_dictionary_is_reported() {
        let mut z = Compress::new(Compression::best(), true);
        z.set_dictionary(b"another dictionary").unwrap();
        let mut out = Vec::with_capacity(256);
        z.compress_vec(b"hello", &mut out, FlushCompress::Finish)
            .unwrap();
        let payload = format!("{QR_PREFIX_V1}{}", base45::encode(&out));
        assert!(
            matches!(decode_payload(&payload), Err(CredentialError::Decompress(m)) if m.contains("dictionary"))
        );
    }

    #[test]
    fn round_trip_is_byte_exact() {
        let text = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"name":"أمينة"}"#;
        let payload = encode_payload(text).unwrap();
        assert!(payload.starts_with(QR_PREFIX));
        assert_eq!(decode_payload(&payload).unwrap(), text);
        let payload = encode_payload(SAMPLE_JWS).unwrap();
        assert_eq!(decode_payload(&payload).unwrap(), SAMPLE_JWS);
    }

    #[test]
    fn trailing_newline_from_a_scanner_is_ignored() {
        let payload = encode_payload(SAMPLE_JWS).unwrap() + "\r\n";
        assert_eq!(decode_payload(&payload).unwrap(), SAMPLE_JWS);
    }

    #[test]
    fn payload_uses_only_the_qr_alphanumeric_set() {
        let payload = encode_payload("any text at all: {} [] \u{1F600}").unwrap();
        assert!(payload
            .bytes()
            .all(|b| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(&b)));
    }

    #[test]
    fn bad_prefix_is_reported() {
        let payload = encode_payload(SAMPLE_JWS)
            .unwrap()
            .replacen(QR_PREFIX, "HC1:", 1);
        assert_eq!(
            decode_payload(&payload),
            Err(CredentialError::QrBadPrefix {
                expected: QR_PREFIX
            })
        );
    }

    #[test]
    fn bad_base45_is_reported() {
        for payload in ["RP1:abc", "RP3:abc"] {
            assert!(matches!(
                decode_payload(payload),
                Err(CredentialError::Base45(_))
            ));
        }
    }

    #[test]
    fn bad_zlib_is_reported() {
        for prefix in [QR_PREFIX_V1, QR_PREFIX] {
            let payload = format!("{prefix}{}", base45::encode(b"\xffnot a deflate stream"));
            assert!(matches!(
                decode_payload(&payload),
                Err(CredentialError::Decompress(_))
            ));
        }
    }

    #[test]
    fn truncated_zlib_is_reported() {
        let mut z = plain_zlib(SAMPLE_JWS.as_bytes());
        z.truncate(z.len() - 4); // drop the Adler-32 checksum
        let payload = format!("{QR_PREFIX_V1}{}", base45::encode(&z));
        assert!(matches!(
            decode_payload(&payload),
            Err(CredentialError::Decompress(_))
        ));
        // A raw stream cut before its last block ends.
        let payload = encode_payload(&"a credential, ".repeat(20)).unwrap();
        let mut raw = base45::decode(&payload[QR_PREFIX.len()..]).unwrap();
        raw.truncate(raw.len() - 2);
        let cut = format!("{QR_PREFIX}{}", base45::encode(&raw));
        assert!(matches!(
            decode_payload(&cut),
            Err(CredentialError::Decompress(_))
        ));
    }

    #[test]
    fn trailing_garbage_after_zlib_is_reported() {
        let mut z = plain_zlib(SAMPLE_JWS.as_bytes());
        z.extend_from_slice(b"xx");
        let payload = format!("{QR_PREFIX_V1}{}", base45::encode(&z));
        assert!(matches!(
            decode_payload(&payload),
            Err(CredentialError::Decompress(_))
        ));
        let payload = encode_payload(SAMPLE_JWS).unwrap();
        let mut raw = base45::decode(&payload[QR_PREFIX.len()..]).unwrap();
        raw.extend_from_slice(b"xx");
        let longer = format!("{QR_PREFIX}{}", base45::encode(&raw));
        assert!(matches!(
            decode_payload(&longer),
            Err(CredentialError::Decompress(_))
        ));
    }

    #[test]
    fn zip_bomb_is_capped() {
        let zeros = vec![0u8; 10 * MAX_DECOMPRESSED_BYTES];
        let z = plain_zlib(&zeros);
        let payload = format!("{QR_PREFIX_V1}{}", base45::encode(&z));
        assert!(payload.len() < MAX_PAYLOAD_CHARS);
        assert!(matches!(
            decode_payload(&payload),
            Err(CredentialError::TooLarge { .. })
        ));
        let raw = deflate_with_dictionary(&zeros, QR_DICTIONARY, Framing::Raw).unwrap();
        let payload = format!("{QR_PREFIX}{}", base45::encode(&raw));
        assert!(payload.len() < MAX_PAYLOAD_CHARS);
        assert!(matches!(
            decode_payload(&payload),
            Err(CredentialError::TooLarge { .. })
        ));
    }

    #[test]
    fn exactly_the_cap_decodes() {
        let text = "a".repeat(MAX_DECOMPRESSED_BYTES);
        let payload = encode_payload(&text).unwrap();
        assert_eq!(decode_payload(&payload).unwrap(), text);
        assert!(matches!(
            encode_payload(&(text + "a")),
            Err(CredentialError::TooLarge { .. })
        ));
    }

    #[test]
    fn oversized_payload_text_is_rejected_before_decoding() {
        let payload = format!("{QR_PREFIX}{}", "0".repeat(MAX_PAYLOAD_CHARS));
        assert!(matches!(
            decode_payload(&payload),
            Err(CredentialError::TooLarge { .. })
        ));
    }

    #[test]
    fn non_utf8_bytes_are_reported_as_such() {
        let payload = encode_payload_bytes(&[0xff, 0xfe]).unwrap();
        assert_eq!(decode_payload_bytes(&payload).unwrap(), vec![0xff, 0xfe]);
        assert_eq!(decode_payload(&payload), Err(CredentialError::NotUtf8));
    }

    #[test]
    fn version_grows_with_payload() {
        assert_eq!(qr_version("RP1:").unwrap(), 1);
        let long = "A".repeat(1000);
        let v = qr_version(&long).unwrap();
        assert!(v > 10 && v <= 40, "version {v}");
        assert!(matches!(
            qr_version(&"A".repeat(5000)),
            Err(CredentialError::QrCapacity(_))
        ));
        assert!(matches!(
            qr_version("lowercase"),
            Err(CredentialError::QrCapacity(_))
        ));
    }

    #[test]
    fn svg_is_rendered() {
        let payload = encode_payload(SAMPLE_JWS).unwrap();
        let svg = render_svg(&payload).unwrap();
        assert!(svg.contains("<svg"));
        assert!(svg.contains("#000000"));
    }
}
