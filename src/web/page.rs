//! The page context every HTML page is rendered with: language and direction, the CSRF
//! token, the language menu and the title; handlers add their own data on top.

use super::forms::Refill;
use super::guards::locale::resolve;
use crate::i18n::Locale;
use rocket::request::{FromRequest, Outcome, Request};
use rocket_dyn_templates::Template;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Guard for HTML pages.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's language.
    pub locale: Locale,
    /// The CSRF token to put in forms.
    pub csrf_token: String,
    /// The zone times are shown in: the reader's where one is known, else the
    /// organisation's (`time_zone` setting), which the page footer names.
    pub zone: crate::i18n::format::Zone,
    unsupported_lang: bool,
}

/// The context shared by pages and error pages.
#[must_use]
pub fn base_context(
    locale: Locale,
    title: &str,
    csrf_token: Option<&str>,
    unsupported_lang: bool,
) -> Map<String, Value> {
    let locales: Vec<Value> = Locale::ALL
        .iter()
        .map(|l| {
            json!({
                "code": l.code(),
                "name": l.native_name(),
                "dir": l.dir(),
                "current": *l == locale,
            })
        })
        .collect();
    let mut map = Map::new();
    map.insert("lang".into(), locale.code().into());
    map.insert("dir".into(), locale.dir().into());
    map.insert("title".into(), title.into());
    map.insert("csrf_token".into(), csrf_token.unwrap_or_default().into());
    map.insert("locales".into(), locales.into());
    map.insert("unsupported_lang".into(), unsupported_lang.into());
    map
}

impl Page {
    /// Renders `template` with the page context, the translated `title_key` as title, and
    /// the fields of `data` (a struct or `json!` object).
    #[must_use]
    pub fn render(
        &self,
        template: &'static str,
        title_key: &str,
        data: impl Serialize,
    ) -> Template {
        self.render_titled(template, &self.locale.t(title_key), data)
    }

    /// As [`Page::render`] with an already translated or user-provided title.
    #[must_use]
    pub fn render_titled(
        &self,
        template: &'static str,
        title: &str,
        data: impl Serialize,
    ) -> Template {
        // Handler data first, then the base keys: a handler cannot override the page's
        // language, direction or CSRF token by accident.
        let mut ctx = match serde_json::to_value(data) {
            Ok(Value::Object(extra)) => extra,
            _ => Map::new(),
        };
        ctx.extend(base_context(
            self.locale,
            title,
            Some(&self.csrf_token),
            self.unsupported_lang,
        ));
        Template::render(crate::assets::page_name(template), Value::Object(ctx))
    }

    /// Renders a form page: `data` with the form's `refill` (values, errors, summary).
    #[must_use]
    pub fn render_form(
        &self,
        template: &'static str,
        title_key: &str,
        refill: &Refill,
        data: impl Serialize,
    ) -> Template {
        self.render_titled_form(template, &self.locale.t(title_key), refill, data)
    }

    /// As [`Page::render_form`] with an already translated or user-provided title.
    #[must_use]
    pub fn render_titled_form(
        &self,
        template: &'static str,
        title: &str,
        refill: &Refill,
        data: impl Serialize,
    ) -> Template {
        let mut ctx = match serde_json::to_value(data) {
            Ok(Value::Object(extra)) => extra,
            _ => Map::new(),
        };
        if let Ok(Value::Object(form)) = serde_json::to_value(refill) {
            ctx.extend(form);
        }
        self.render_titled(template, title, Value::Object(ctx))
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Page {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let resolved = resolve(req);
        let zone = req
            .rocket()
            .state::<crate::context::AppContext>()
            .map_or_else(crate::i18n::format::Zone::utc, |c| {
                c.config.time_zone.clone()
            });
        Outcome::Success(Page {
            zone,
            locale: resolved.locale,
            csrf_token: super::guards::csrf::token(req),
            unsupported_lang: resolved.unsupported_request,
        })
    }
}
