//! Paper intake vocabulary: the channel a signature came through, a paper batch's state,
//! the fixed layout of a signature sheet, the pre-printed receipt code of each sheet line
//! and the key a paper line without email is compared by. Reads no table, so entities can
//! use it.

crate::string_enum! {
    /// How a signature reached the portal (`signatures.channel`).
    pub enum Channel {
        /// Signed on the website and confirmed by email.
        Online = "online",
        /// Signed on a printed sheet, typed in by staff and checked by a second staff member.
        Paper = "paper",
        /// Given by phone or in person and entered by staff.
        Assisted = "assisted",
    }
}

crate::string_enum! {
    /// A batch of typed-up sheets (`paper_batches.state`).
    pub enum BatchState {
        /// Entered; waiting for a second staff member: its signatures do not count yet.
        Pending = "pending",
        /// Checked by a second staff member: its signatures count.
        Checked = "checked",
        /// Rejected by the checker: its signatures never count.
        Rejected = "rejected",
    }
}

/// Lines printed on each sheet.
pub const LINES_PER_SHEET: u32 = 10;
/// Most sheets one run prints.
pub const MAX_SHEETS_PER_RUN: u32 = 5_000;
/// Blind-index domain of pre-printed receipt codes.
pub const RECEIPT_INDEX: &str = "signature.paper_receipt";
/// Blind-index domain of the name, city and country of a signature.
pub const NAME_INDEX: &str = "signature.name_city_country";

/// The receipt code printed on line `line` of sheet `sheet` of petition `petition`: the
/// blind index (keyed HMAC) of those three numbers, written like an online receipt code
/// (`XXXX-XXXX-XXXX` from the same unambiguous alphabet). Computed again when the line is
/// typed in, so nothing has to be stored at printing time, and nobody without the key can
/// guess another line's code.
#[must_use]
pub fn receipt_code(
    crypto: &crate::crypto::Crypto,
    petition: i64,
    sheet: u32,
    line: u32,
) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mac = crypto.blind_index(RECEIPT_INDEX, &format!("{petition}:{sheet}:{line}"));
    let chars: Vec<char> = mac.0[..12]
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The text the name index is taken over: the matcher's normalised name (Latin and
/// Persian tokens, titles removed, sorted so word order does not matter), the city folded
/// the same way, and the country code; `None` when the name has no letters.
#[must_use]
pub fn name_key(name: &str, city: &str, country: &str) -> Option<String> {
    let key = peyvand_matching::normalize::NameKey::new(name);
    if key.is_empty() {
        return None;
    }
    let mut tokens: Vec<String> = key.latin.into_iter().chain(key.persian).collect();
    tokens.sort();
    let city = peyvand_matching::normalize::NameKey::with_titles(city);
    let city: Vec<String> = city.latin.into_iter().chain(city.persian).collect();
    Some(format!(
        "{}|{}|{}",
        tokens.join(" "),
        city.join(" "),
        country.to_ascii_uppercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_ignore_spelling_noise_and_order() {
        assert_eq!(
            name_key("Seyed Mohammad-Reza  HOSSEINI", "Köln", "de"),
            name_key("Hosseini Mohammad Reza", "koln", "DE")
        );
        assert_ne!(
            name_key("Maryam Rezaei", "Paris", "FR"),
            name_key("Maryam Rezaei", "Lyon", "FR")
        );
        assert_eq!(name_key("...", "", "FR"), None);
    }
}
