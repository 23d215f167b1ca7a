//! Property tests: random Unicode through the normaliser, the similarity functions, the
//! index and the name ranker never panics and stays within bounds.

use super::normalize::{NameKey, fold_latin, fold_persian};
use super::similarity::{
    NameForm, SimilarityCache, name_similarity, name_similarity_cached, similarity,
};
use super::{Index, Person, Query, Relationship, Requester, Vetoes, rank_names};
use proptest::prelude::*;

/// Strings mixing arbitrary code points with Persian, Latin, marks, joiners and digits, so
/// the interesting code paths are hit often.
fn name_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(String::from),
        "[a-zA-Z' -]{1,8}",
        "[\u{0621}-\u{064A}\u{067E}\u{0686}\u{0698}\u{06A9}\u{06AF}\u{06CC}\u{200C}\u{064B}-\u{0652}\u{06F0}-\u{06F9} ]{1,8}",
        "[\u{0300}-\u{036F}\u{200B}-\u{200F}\u{FEFF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFC}]{1,3}",
    ];
    prop::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn normaliser_is_total(s in name_text()) {
        let _ = fold_persian(&s);
        let _ = fold_latin(&s);
        let key = NameKey::new(&s);
        // Folding is idempotent on the key's tokens.
        let again = NameKey::new(&key.latin.join(" "));
        prop_assert_eq!(&again.latin, &key.latin);
        let again = NameKey::new(&key.persian.join(" "));
        prop_assert_eq!(&again.persian, &key.persian);
    }

    #[test]
    fn similarity_is_bounded_and_reflexive(a in name_text(), b in name_text()) {
        let s = similarity(&a, &b);
        prop_assert!((0.0..=1.0).contains(&s), "{s}");
        let fa = NameForm::new(&a);
        if !fa.is_empty() {
            let own = name_similarity(&fa, &fa);
            prop_assert!(own >= 0.97, "{own}");
        }
    }

    #[test]
    fn name_cache_agrees_with_direct_computation(a in name_text(), b in name_text()) {
        let (fa, fb) = (NameForm::new(&a), NameForm::new(&b));
        let mut cache = SimilarityCache::new();
        let first = name_similarity_cached(&fa, &fb, &mut cache);
        let again = name_similarity_cached(&fa, &fb, &mut cache);
        prop_assert_eq!(first.to_bits(), again.to_bits());
        prop_assert_eq!(first.to_bits(), name_similarity(&fa, &fb).to_bits());
    }

    #[test]
    fn index_and_ranker_never_panic(
        names in prop::collection::vec(name_text(), 0..12),
        q in name_text(),
        alias in name_text(),
        year in prop::option::of(-5000i32..5000),
        top in 0usize..6,
    ) {
        let persons: Vec<Person> = names
            .iter()
            .zip(0i64..)
            .map(|(n, id)| Person {
                id,
                names: vec![n.clone(), alias.clone()],
                birth_year: year.map(|y| y + i32::try_from(id).unwrap_or(0)),
                father_name: Some(q.clone()),
                places: vec![alias.clone()],
                vetoes: Vetoes {
                    deny_aliases: if id % 2 == 0 { vec![alias.clone()] } else { Vec::new() },
                    ..Vetoes::default()
                },
            })
            .collect();
        let index = Index::build(persons);
        let query = Query {
            names: vec![q.clone(), alias.clone()],
            birth_year: year,
            father_name: Some(alias.clone()),
            places: vec![q.clone()],
            requester: Requester { name: q.clone(), relationship: Some(Relationship::Child), key: None },
        };
        let found = index.candidates(&query, top);
        prop_assert!(found.len() <= top);
        for c in &found {
            prop_assert!((0.0..=1.0).contains(&c.score));
            // Registrations denying the alias the query names never appear.
            if c.id % 2 == 0 {
                prop_assert!(NameForm::new(&alias).is_empty());
            }
        }
        let ranked = rank_names(&names, &q, top);
        prop_assert!(ranked.len() <= top);
    }
}
