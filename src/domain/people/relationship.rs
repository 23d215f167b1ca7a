//! The relationship a person states to their relative inside the group: one list for the
//! petition form and the contact forms.

crate::string_enum! {
    /// A person's relationship to a relative inside the group (a signer's, a requester's).
    pub enum Relationship {
        /// Not given.
        None = "none",
        /// Mother or father.
        Parent = "parent",
        /// Husband or wife.
        Spouse = "spouse",
        /// Son or daughter.
        Child = "child",
        /// Brother or sister.
        Sibling = "sibling",
        /// Another relative.
        OtherFamily = "other_family",
        /// A supporter.
        Supporter = "supporter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_parse_from_their_stored_values() {
        assert_eq!(Relationship::parse("sibling"), Some(Relationship::Sibling));
        assert_eq!(Relationship::parse("cousin"), None);
    }
}
