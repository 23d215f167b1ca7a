//! Teaches Rocket the typed vocabulary of [`crate::ids`]: ids read from a path segment or a
//! form field (a malformed id is refused at routing, as a bare `i64` was), shown in `uri!`
//! links as the bare number, and link tokens checked against the one token rule at routing.

use crate::ids::*;
use rocket::form::{self, FromFormField, ValueField};
use rocket::http::impl_from_uri_param_identity;
use rocket::http::uri::fmt::{Formatter, Path, Query, UriDisplay};
use rocket::request::FromParam;

macro_rules! web_ids {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        impl<'a> FromParam<'a> for $name {
            type Error = <i64 as FromParam<'a>>::Error;
            fn from_param(param: &'a str) -> Result<Self, Self::Error> {
                i64::from_param(param).map($name)
            }
        }

        #[rocket::async_trait]
        impl<'v> FromFormField<'v> for $name {
            fn from_value(field: ValueField<'v>) -> form::Result<'v, Self> {
                i64::from_value(field).map($name)
            }
        }

        impl UriDisplay<Path> for $name {
            fn fmt(&self, f: &mut Formatter<'_, Path>) -> std::fmt::Result {
                UriDisplay::<Path>::fmt(&self.0, f)
            }
        }

        impl UriDisplay<Query> for $name {
            fn fmt(&self, f: &mut Formatter<'_, Query>) -> std::fmt::Result {
                UriDisplay::<Query>::fmt(&self.0, f)
            }
        }

        impl_from_uri_param_identity!([Path] $name);
        impl_from_uri_param_identity!([Query] $name);
    )+};
}

crate::ids::all_ids!(web_ids);

/// A path segment that is not shaped like a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedToken;

/// Routes take `Option<Token>`: `None` is a segment of another shape, which pages treat
/// exactly as an unknown link (it is never looked up).
impl<'a> FromParam<'a> for Token {
    type Error = MalformedToken;
    fn from_param(param: &'a str) -> Result<Self, Self::Error> {
        Token::parse(param).ok_or(MalformedToken)
    }
}

impl UriDisplay<Path> for Token {
    fn fmt(&self, f: &mut Formatter<'_, Path>) -> std::fmt::Result {
        UriDisplay::<Path>::fmt(self.as_str(), f)
    }
}

impl_from_uri_param_identity!([Path] Token);
