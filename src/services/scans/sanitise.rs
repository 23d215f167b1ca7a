//! The image sanitiser for uploaded scans (paper letters, officials' answer letters): a JPEG
//! or PNG recognised by its content (never by its name), decoded under explicit limits so a
//! decompression bomb is refused before its pixels are allocated, turned upright, shrunk to
//! a bounded size and re-encoded as a fresh JPEG — which carries no EXIF, GPS, XMP, ICC or
//! comment of the original. A PDF is refused with its own message (no page rasteriser is
//! built here).

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest upload taken, in bytes (10 MiB).
pub const MAX_UPLOAD_BYTES: usize = 10 << 20;
/// The widest or tallest image decoded, in pixels (a 600 dpi A3 scan is 7016 × 9921).
pub const MAX_DIMENSION: u32 = 10_000;
/// The most memory the decoder may take for the pixels (an A4 page at 600 dpi in colour
/// takes about 100 MiB).
pub const MAX_ALLOC: u64 = 160 << 20;
/// The longest edge of the stored copy, in pixels (legible handwriting on a printed page).
pub const MAX_EDGE: u32 = 2000;
/// JPEG quality of the stored copy.
const QUALITY: u8 = 85;

/// Why an upload is not taken. [`ScanError::code`] is its message, `form-error-<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// No file, or an empty one.
    #[error("no file")]
    Empty,
    /// Larger than [`MAX_UPLOAD_BYTES`].
    #[error("the file is larger than the limit")]
    TooLarge,
    /// A PDF (not accepted: a photo or scan of the page is).
    #[error("a PDF")]
    Pdf,
    /// Not a JPEG or PNG image.
    #[error("not a JPEG or PNG image")]
    NotAnImage,
    /// Declares more pixels than the limits allow (a decompression bomb, or a huge scan).
    #[error("the image declares too many pixels")]
    TooManyPixels,
    /// Recognised as JPEG or PNG but cannot be decoded.
    #[error("the image cannot be read")]
    Unreadable,
}

impl ScanError {
    /// The message code (`form-error-<code>` in every language).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "scan-missing",
            Self::TooLarge => "scan-too-large",
            Self::Pdf => "scan-pdf",
            Self::NotAnImage => "scan-not-image",
            Self::TooManyPixels => "scan-too-many-pixels",
            Self::Unreadable => "scan-unreadable",
        }
    }
}

/// A sanitised copy, ready to store.
#[derive(Clone, PartialEq, Eq)]
pub struct CleanScan {
    /// The JPEG.
    pub bytes: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for CleanScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CleanScan")
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

impl CleanScan {
    /// The media type of every stored copy.
    pub const MEDIA_TYPE: &'static str = "image/jpeg";
}

/// The decoder's limits: width, height and memory, checked before pixels are allocated.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Sanitises an uploaded scan: see the module's documentation.
///
/// # Errors
/// A [`ScanError`] naming why the upload is refused; nothing is decoded past the first
/// limit that fails.
pub fn sanitise(upload: &[u8]) -> Result<CleanScan, ScanError> {
    if upload.is_empty() {
        return Err(ScanError::Empty);
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(ScanError::TooLarge);
    }
    if upload.starts_with(b"%PDF-") {
        return Err(ScanError::Pdf);
    }
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| ScanError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(ScanError::NotAnImage);
    }
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    // The declared size, before a single pixel is allocated.
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 || width > MAX_DIMENSION || height > MAX_DIMENSION {
        return Err(ScanError::TooManyPixels);
    }
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(ScanError::TooManyPixels);
    }
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    img.apply_orientation(orientation);
    if img.width() > MAX_EDGE || img.height() > MAX_EDGE {
        img = img.resize(MAX_EDGE, MAX_EDGE, image::imageops::FilterType::Triangle);
    }
    let img = flatten(img);
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, QUALITY);
    img.write_with_encoder(encoder)
        .map_err(|_| ScanError::Unreadable)?;
    Ok(CleanScan {
        bytes,
        width: img.width(),
        height: img.height(),
    })
}

/// Grey stays grey; anything else becomes RGB, transparent parts on white paper.
fn flatten(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageLuma8(_) => img,
        DynamicImage::ImageRgb8(_) => img,
        other if !other.color().has_alpha() => {
            if other.color().has_color() {
                DynamicImage::ImageRgb8(other.to_rgb8())
            } else {
                DynamicImage::ImageLuma8(other.to_luma8())
            }
        }
        other => {
            let mut rgba = other.to_rgba8();
            for p in rgba.pixels_mut() {
                let a = u16::from(p[3]);
                for c in 0..3 {
                    let v = (u16::from(p[c]) * a + 255 * (255 - a)) / 255;
                    p[c] = u8::try_from(v).unwrap_or(u8::MAX);
                }
                p[3] = 255;
            }
            DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).to_rgb8())
        }
    }
}

/// A decoder's error as a refusal: a limit hit is "too many pixels", anything else
/// "unreadable".
fn refusal(e: image::ImageError) -> ScanError {
    match e {
        image::ImageError::Limits(_) => ScanError::TooManyPixels,
        _ => ScanError::Unreadable,
    }
}

#[cfg(test)]
mod tests;
