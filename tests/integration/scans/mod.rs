//! Scanned letters end to end: letters on paper typed in or scanned against a batch's sheet
//! and line (sealed, stripped of EXIF, moderated, in the book only once the batch is
//! checked), and the official's answer letter on the public progress timeline; bombs,
//! non-images, PDFs, oversized uploads and forged posts refused with nothing stored.

mod answer_letters;
mod keeping;
mod paper_letters;

use image::{ImageDecoder, ImageEncoder, ImageReader, RgbImage};
use peyvand::entities::edition;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{EntityTrait, QueryOrder};
use std::io::{Cursor, Write};

const BOUNDARY: &str = "----peyvand-scan-boundary-Qq3X9aZ";

/// The latitude in the fixture's GPS block (35° 41' 22"), as TIFF rationals.
pub const LATITUDE: [u32; 6] = [35, 1, 41, 1, 22, 1];

/// A JPEG made by the image crate with an EXIF APP1 segment written after its SOI: IFD0
/// points to a GPS IFD with GPSLatitudeRef "N" and GPSLatitude [`LATITUDE`].
pub fn jpeg_with_gps() -> Vec<u8> {
    let img = RgbImage::from_fn(120, 160, |x, y| image::Rgb([(x * 2) as u8, y as u8, 200]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(img.as_raw(), 120, 160, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut tiff: Vec<u8> = b"II\x2A\x00".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
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
    for v in LATITUDE {
        tiff.extend(v.to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend(payload);
    out.extend(&jpeg[2..]);
    assert!(exif_of(&out).is_some(), "the fixture carries EXIF");
    out
}

/// A real 1 × 1 PNG whose header then declares 100,000 × 100,000 pixels.
pub fn png_bomb() -> Vec<u8> {
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[0, 0, 0, 255], 1, 1, image::ExtendedColorType::Rgba8)
        .unwrap();
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    png
}

/// The EXIF block the image crate finds in a JPEG.
pub fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    ImageReader::new(Cursor::new(jpeg))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap()
        .exif_metadata()
        .unwrap()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The latitude's bytes as written in the fixture.
pub fn latitude_bytes() -> Vec<u8> {
    LATITUDE.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A multipart body: the text fields, then the file (when given) named `scan`.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some((filename, bytes)) = file {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

/// Posts a multipart upload to `path` with the client's CSRF token (or none); the status
/// and the page.
pub async fn upload(
    client: &Client,
    path: &str,
    with_token: bool,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (Status, String) {
    let token = crate::support::staff::csrf(client).await;
    let mut all = Vec::new();
    if with_token {
        all.push(("csrf_token", token.as_str()));
    }
    all.extend_from_slice(fields);
    let r = client
        .post(path.to_owned())
        .header(ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY)))
        .body(multipart(&all, file))
        .dispatch()
        .await;
    (r.status(), r.into_string().await.unwrap_or_default())
}

/// Freezes an edition, builds it, and returns it with its bundle's files.
pub async fn freeze_and_build(
    app: &crate::support::TestApp,
    organiser: &Client,
) -> (peyvand::entities::edition::Model, Vec<(String, Vec<u8>)>) {
    let r = crate::support::staff::post(
        organiser,
        "/staff/petitions/1/editions",
        &[("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        peyvand::services::editions::build_waiting(&app.ctx)
            .await
            .unwrap(),
        1
    );
    let e = edition::Entity::find()
        .order_by_desc(edition::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.state.as_str(), "ready", "{}", e.error);
    let zip = organiser
        .get(format!("/staff/editions/{}/bundle", e.id))
        .dispatch()
        .await
        .into_bytes()
        .await
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut files = Vec::new();
    for i in 0..archive.len() {
        use std::io::Read;
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        files.push((f.name().unwrap().into_owned(), data));
    }
    (e, files)
}
