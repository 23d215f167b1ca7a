//! The sanitiser's refusals and what it strips, on fixtures built here.

use super::*;
use image::{ImageEncoder, RgbImage};

/// A small JPEG produced by the image crate.
fn plain_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 4) as u8, 128])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The latitude written into the fixture's GPS block: 35° 41' 22" N, as TIFF rationals.
const LATITUDE: [u32; 6] = [35, 1, 41, 1, 22, 1];

/// An EXIF APP1 segment (little-endian TIFF) whose IFD0 points to a GPS IFD holding
/// GPSLatitudeRef = "N" and GPSLatitude = [`LATITUDE`].
fn exif_gps_segment() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II\x2A\x00".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0 at 8: one entry, GPSInfo (0x8825, LONG) → the GPS IFD at 26.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 26);
    // GPS IFD: GPSLatitudeRef (ASCII "N") and GPSLatitude (3 RATIONAL at 56).
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(b"N\0\0\0");
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(5u16.to_le_bytes());
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 56);
    for v in LATITUDE {
        tiff.extend(v.to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    segment.extend(payload);
    segment
}

/// A JPEG from the image crate with [`exif_gps_segment`] written right after its SOI.
pub(crate) fn jpeg_with_gps() -> Vec<u8> {
    let jpeg = plain_jpeg(64, 48);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_gps_segment());
    out.extend(&jpeg[2..]);
    out
}

/// The EXIF block the image crate finds in `jpeg`.
fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    let mut decoder = ImageReader::new(Cursor::new(jpeg))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    decoder.exif_metadata().unwrap()
}

/// A real 1 × 1 PNG whose IHDR then declares `width` × `height` (CRC recomputed): a tiny
/// file announcing a huge image.
pub(crate) fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[0, 0, 0, 255], 1, 1, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    png
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_jpeg_with_an_exif_gps_block_comes_out_without_it() {
    let upload = jpeg_with_gps();
    let exif = exif_of(&upload).expect("the fixture carries EXIF");
    let latitude: Vec<u8> = LATITUDE.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert!(contains(&exif, &latitude), "the fixture carries GPS");
    let clean = sanitise(&upload).unwrap();
    assert_eq!((clean.width, clean.height), (64, 48));
    assert_eq!(exif_of(&clean.bytes), None, "no EXIF left");
    assert!(!contains(&clean.bytes, b"Exif\0\0"));
    assert!(!contains(&clean.bytes, &latitude));
    assert!(!contains(&clean.bytes, b"ICC_PROFILE"));
    assert_eq!(
        ImageReader::new(Cursor::new(&clean.bytes))
            .with_guessed_format()
            .unwrap()
            .format(),
        Some(ImageFormat::Jpeg)
    );
}

#[test]
fn a_png_bomb_is_refused_before_decoding() {
    // 100,000 × 100,000 pixels declared in a file of about 70 bytes.
    let bomb = png_declaring(100_000, 100_000);
    assert!(bomb.len() < 100);
    assert_eq!(sanitise(&bomb), Err(ScanError::TooManyPixels));
    // Within the width and height limits, but 9,000 × 9,000 RGBA is 309 MiB of pixels.
    assert_eq!(
        sanitise(&png_declaring(9_000, 9_000)),
        Err(ScanError::TooManyPixels)
    );
}

#[test]
fn a_text_file_a_pdf_and_an_empty_file_are_refused_by_content() {
    let letter = "Dear Ambassador,\nwe ask you to let our families visit.\n".as_bytes();
    assert_eq!(sanitise(letter), Err(ScanError::NotAnImage));
    assert_eq!(
        sanitise(b"GIF89a\x01\x00\x01\x00"),
        Err(ScanError::NotAnImage)
    );
    assert_eq!(
        sanitise(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
        Err(ScanError::Pdf)
    );
    assert_eq!(sanitise(b""), Err(ScanError::Empty));
    // The JPEG signature with garbage behind it.
    assert_eq!(
        sanitise(b"\xFF\xD8\xFF\xE0garbage garbage"),
        Err(ScanError::Unreadable)
    );
}

#[test]
fn an_oversized_upload_is_refused_before_anything_is_read() {
    let mut big = plain_jpeg(8, 8);
    big.resize(MAX_UPLOAD_BYTES + 1, 0);
    assert_eq!(sanitise(&big), Err(ScanError::TooLarge));
}

#[test]
fn a_large_image_is_shrunk_and_transparency_lands_on_white() {
    let img = image::RgbaImage::from_fn(3000, 1200, |x, _| {
        image::Rgba([0, 0, 0, if x < 1500 { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(img.as_raw(), 3000, 1200, image::ExtendedColorType::Rgba8)
        .unwrap();
    let clean = sanitise(&png).unwrap();
    assert_eq!((clean.width, clean.height), (MAX_EDGE, 800));
    let back = image::load_from_memory(&clean.bytes).unwrap().to_rgb8();
    assert!(back.get_pixel(10, 10)[0] > 240, "transparent became white");
    assert!(
        back.get_pixel(1990, 10)[0] < 15,
        "opaque black stayed black"
    );
}

#[test]
fn every_refusal_has_a_message_in_every_language() {
    for e in [
        ScanError::Empty,
        ScanError::TooLarge,
        ScanError::Pdf,
        ScanError::NotAnImage,
        ScanError::TooManyPixels,
        ScanError::Unreadable,
    ] {
        for locale in crate::i18n::Locale::ALL {
            let key = format!("form-error-{}", e.code());
            let text = locale.t(&key);
            assert!(!text.is_empty() && text != key, "{key} in {locale:?}");
        }
    }
}

#[test]
#[ignore = "a measurement, run by hand"]
fn measure_an_a4_page_at_300_dpi() {
    let img = RgbImage::from_fn(2480, 3508, |x, y| {
        image::Rgb([
            ((x ^ y) & 0xFF) as u8,
            ((x * 3 + y) & 0xFF) as u8,
            (y & 0xFF) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(img.as_raw(), 2480, 3508, image::ExtendedColorType::Rgb8)
        .unwrap();
    let started = std::time::Instant::now();
    let clean = sanitise(&jpeg).unwrap();
    println!(
        "A4 300 dpi: {} bytes in, {} bytes out ({}×{}), {:?}",
        jpeg.len(),
        clean.bytes.len(),
        clean.width,
        clean.height,
        started.elapsed()
    );
}
