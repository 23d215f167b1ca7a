//! The `{{t "key" name=value}}` handlebars helper: translates `key` into the locale named by
//! the root context's `lang` field. Several positional parts are joined into one key
//! (`{{t "role-" this}}` → `role-admin`). Its value is escaped like any `{{…}}` expression.

use super::{Locale, TextArg};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value;

/// The translation helper; register it as `t`.
#[derive(Debug, Clone, Copy)]
pub struct Translate;

impl HelperDef for Translate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        if h.params().is_empty() {
            return Err(RenderErrorReason::ParamNotFoundForIndex("t", 0).into());
        }
        let mut key = String::new();
        for p in h.params() {
            match p.value() {
                Value::String(s) => key.push_str(s),
                Value::Number(n) => key.push_str(&n.to_string()),
                _ => {
                    return Err(RenderErrorReason::Other("t: key parts must be text".into()).into());
                }
            }
        }
        let key = key.as_str();
        let locale = ctx
            .data()
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Locale::parse)
            .ok_or_else(|| RenderErrorReason::Other("t: the context has no valid `lang`".into()))?;
        let owned: Vec<(String, Value)> = h
            .hash()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.value().clone()))
            .collect();
        let mut args = Vec::with_capacity(owned.len());
        for (k, v) in &owned {
            let arg = match v {
                Value::Number(n) => TextArg::Num(n.as_f64().unwrap_or_default()),
                Value::String(s) => TextArg::Str(s),
                Value::Null => TextArg::Str(""),
                _ => {
                    return Err(RenderErrorReason::Other(format!(
                        "t: argument {k} must be text or a number"
                    ))
                    .into());
                }
            };
            args.push((k.as_str(), arg));
        }
        let text = if args.is_empty() {
            locale.t(key)
        } else {
            locale.t_args(key, &args)
        };
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}
