//! Name matching for contact requests: normalisation of Persian-script and Latin names,
//! a cross-script consonant skeleton, an index that generates candidates without an
//! all-pairs scan (applying registrations' vetoes as it goes), and a ranking with a
//! per-field explanation for caseworkers. Pure Rust: no Rocket, no database.
//!
//! ```
//! use peyvand_matching::{Index, Person, Query, Requester, Relationship};
//! let index = Index::build(vec![Person {
//!     id: 7,
//!     names: vec!["محمدرضا حسینی".into(), "Mohammad-Reza Hosseini".into()],
//!     birth_year: Some(1968),
//!     ..Person::default()
//! }]);
//! let query = Query {
//!     names: vec!["Mohamadreza Husseini".into()],
//!     birth_year: Some(1969),
//!     requester: Requester { name: "Maryam Hosseini".into(), relationship: Some(Relationship::Sibling), key: None },
//!     ..Query::default()
//! };
//! let found = index.candidates(&query, 5);
//! assert_eq!(found[0].id, 7);
//! ```

pub mod cli;
pub mod index;
pub mod normalize;
pub mod phonetic;
pub mod similarity;

#[cfg(test)]
mod proptests;

pub use cli::{RankError, run_rank_cli};
pub use index::{Candidate, Field, FieldScore, Index, NameRanker, rank_names};
pub use normalize::{NameKey, latin_key, persian_key};
pub use similarity::{NameForm, similarity};

/// How a requester is related to the person they seek (as on the petition forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relationship {
    /// Mother or father.
    Parent,
    /// Husband or wife.
    Spouse,
    /// Son or daughter.
    Child,
    /// Brother or sister.
    Sibling,
    /// Any other relative.
    OtherFamily,
    /// Not a relative.
    Supporter,
}

impl Relationship {
    /// Parses the form value (`parent`, `spouse`, `child`, `sibling`, `other_family`,
    /// `supporter`).
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "parent" => Self::Parent,
            "spouse" => Self::Spouse,
            "child" => Self::Child,
            "sibling" => Self::Sibling,
            "other_family" | "other-family" | "other family" => Self::OtherFamily,
            "supporter" => Self::Supporter,
            _ => return None,
        })
    }
}

/// A registration's allow and deny rules. Every rule is applied while candidates are
/// generated, so a vetoed registration is never scored, ranked or shown.
///
/// Rules fail closed: a rule that cannot be checked (the requester gave no relationship,
/// or no name) excludes the registration. Names are compared fuzzily with a lenient
/// threshold for deny rules (so "Hasan Karimi" also stops "Hassan Karimi") and a strict
/// one for allow rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vetoes {
    /// "No one": registered as closed to all contact.
    pub no_one: bool,
    /// Requesters with any of these relationships are refused ("not my parents").
    pub deny_relationships: Vec<Relationship>,
    /// If not empty, only requesters with one of these relationships are accepted.
    pub only_relationships: Vec<Relationship>,
    /// Named relatives who are refused ("not my father, Hassan Karimi").
    pub deny_requesters: Vec<String>,
    /// If not empty, only these named relatives are accepted.
    pub only_requesters: Vec<String>,
    /// Aliases that must not find this person: a request naming any of them, as a name or
    /// an alias of the sought person, is refused.
    pub deny_aliases: Vec<String>,
    /// Requesters refused by an opaque key (a keyed hash of their address), whatever name
    /// they give: set when the person refuses a requester for good.
    pub deny_keys: Vec<String>,
}

/// A registration: someone who said they are open to contact (or to no one), with the
/// names and aliases they chose to be findable by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The registration's id.
    pub id: i64,
    /// Full names and aliases in any script.
    pub names: Vec<String>,
    /// Year of birth, if given.
    pub birth_year: Option<i32>,
    /// Father's name, if given.
    pub father_name: Option<String>,
    /// Places (birthplace, places lived).
    pub places: Vec<String>,
    /// Allow and deny rules.
    pub vetoes: Vetoes,
}

/// The person filing a request, as far as the sought person's rules need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requester {
    /// The requester's full name.
    pub name: String,
    /// How they are related to the sought person.
    pub relationship: Option<Relationship>,
    /// An opaque key of the requester (a keyed hash of their address), checked against
    /// [`Vetoes::deny_keys`].
    pub key: Option<String>,
}

/// A sought person from a contact request, with who is asking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Names and aliases of the sought person, in any script.
    pub names: Vec<String>,
    /// Year of birth, if known.
    pub birth_year: Option<i32>,
    /// Father's name, if known.
    pub father_name: Option<String>,
    /// Birthplace and last known place(s).
    pub places: Vec<String>,
    /// Who is asking.
    pub requester: Requester,
}
