//! The signed bundle: a ZIP holding a read-me, the book's volumes, `signatures.csv`, `entries.jsonl`,
//! the letters as text files and `manifest.json`, signed in `manifest.sig`; and its
//! verification.
//!
//! `manifest.json` records the petition and edition, the counts, the size and SHA-256 of
//! every other file, the Merkle root over the lines of `entries.jsonl` (see
//! [`super::merkle`] and [`super::entries`]) and the organisation's public key.
//! `manifest.sig` is the Base64 Ed25519 signature of the exact bytes of `manifest.json`.
//!
//! Reproducible: every ZIP entry carries the edition's cut-off as its time, Unix
//! permissions 0644, a fixed compression (PDFs stored, being compressed already; text
//! deflated at level 6), in a fixed order; the PDFs take their metadata from the edition.
//!
//! Layout of the module: this file holds the file names, the limits and the manifest's
//! format, which both sides share; `write` builds a bundle, `verify` checks one.

mod verify;
mod write;

pub use verify::{Inclusion, ReceiptCheck, VerifyError, VerifyReport, verify};
pub use write::{BundleSummary, build, build_with_progress};

use serde::{Deserialize, Serialize};

use super::Count;

/// Name of the manifest inside the bundle.
pub const MANIFEST: &str = "manifest.json";
/// Name of the manifest's signature inside the bundle.
pub const MANIFEST_SIG: &str = "manifest.sig";
/// Name of the canonical entry list (the Merkle leaves).
pub const ENTRIES: &str = "entries.jsonl";
/// Name of the CSV.
pub const CSV: &str = "signatures.csv";
/// Name of the read-me (plain text: what the files are and how to check them).
pub const README: &str = "README.txt";
/// The manifest format this code writes and reads.
pub const FORMAT: &str = "peyvand-edition-bundle/1";

/// The most entries (lines of `entries.jsonl`) a bundle may hold: with a receipt code,
/// verification keeps 32 bytes per entry (320 MB at this limit).
pub const MAX_ENTRIES: u64 = 10_000_000;
/// The longest line of `entries.jsonl` (without its line feed); a real one is a few
/// hundred bytes.
pub const MAX_LINE: usize = 64 << 10;
/// The largest `manifest.json` (about 150 bytes per listed file: room for some 100,000
/// letters). Verification reads and parses it whole.
pub const MAX_MANIFEST: u64 = 16 << 20;
/// The largest `manifest.sig` (a Base64 Ed25519 signature is 88 characters).
const MAX_SIGNATURE: u64 = 1 << 10;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The petition.
    pub petition: ManifestPetition,
    /// The organisation that signed the bundle.
    pub organisation: String,
    /// The edition number.
    pub edition: u32,
    /// The cut-off, RFC 3339 in UTC.
    pub cut_off: String,
    /// Totals and breakdowns, as on the cover.
    pub counts: ManifestCounts,
    /// The Merkle tree over the entries.
    pub merkle: ManifestMerkle,
    /// The key that signed this manifest.
    pub signing_key: ManifestKey,
    /// Every file of the bundle except the manifest and its signature, in bundle order.
    pub files: Vec<ManifestFile>,
}

/// The petition part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestPetition {
    /// Slug.
    pub slug: String,
    /// Title per language.
    pub titles: Vec<ManifestTitle>,
    /// Addressees.
    pub addressees: Vec<String>,
}

/// A title in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestTitle {
    /// Language tag.
    pub lang: String,
    /// Title.
    pub title: String,
}

/// Counts of the edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestCounts {
    /// Number of signatures (entries).
    pub signatures: u64,
    /// Number of letters.
    pub letters: u64,
    /// Number of book volumes.
    pub volumes: u64,
    /// Signatures per country.
    pub by_country: Vec<Count>,
    /// Signatures per relationship.
    pub by_relationship: Vec<Count>,
}

/// The Merkle tree part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestMerkle {
    /// How the tree is built, in words.
    pub scheme: String,
    /// The file whose lines are the leaves.
    pub leaves: String,
    /// Number of leaves.
    pub size: u64,
    /// The root, hex.
    pub root: String,
}

/// The signing key part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, hex.
    pub public_key: String,
    /// Its [`fingerprint`](super::fingerprint).
    pub fingerprint: String,
}

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Path inside the ZIP.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

#[cfg(test)]
mod tests;
