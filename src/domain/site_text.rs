//! The who-we-are pages (privacy notice, about / contact us) and the safe reading of their
//! text: paragraphs separated by blank lines, `## ` headings and `- ` list items, nothing
//! else. The result is data that templates print escaped, so no markup an administrator
//! types ever reaches a page as HTML.

use serde::Serialize;

crate::string_enum! {
    /// A page administrators can write (`site_texts.page`).
    pub enum SitePage {
        /// The privacy notice (`/privacy`).
        Privacy = "privacy",
        /// About us and how to reach a person (`/about`).
        About = "about",
    }
}

/// Longest text accepted for one page in one language.
pub const MAX_BODY_CHARS: usize = 20_000;

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A heading.
    Heading {
        /// Its text.
        text: String,
    },
    /// A paragraph (its lines kept).
    Paragraph {
        /// Its lines.
        lines: Vec<String>,
    },
    /// A bulleted list.
    List {
        /// Its items.
        items: Vec<String>,
    },
}

/// Reads `body` into blocks.
#[must_use]
pub fn blocks(body: &str) -> Vec<Block> {
    let body = body.replace("\r\n", "\n");
    let mut out = Vec::new();
    for chunk in body.split("\n\n") {
        let lines: Vec<&str> = chunk
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut para: Vec<String> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        let flush = |para: &mut Vec<String>, items: &mut Vec<String>, out: &mut Vec<Block>| {
            if !para.is_empty() {
                out.push(Block::Paragraph {
                    lines: std::mem::take(para),
                });
            }
            if !items.is_empty() {
                out.push(Block::List {
                    items: std::mem::take(items),
                });
            }
        };
        for line in lines {
            if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
                flush(&mut para, &mut items, &mut out);
                out.push(Block::Heading {
                    text: h.trim().to_owned(),
                });
            } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
                if !para.is_empty() {
                    flush(&mut para, &mut Vec::new(), &mut out);
                }
                items.push(item.trim().to_owned());
            } else {
                if !items.is_empty() {
                    flush(&mut Vec::new(), &mut items, &mut out);
                }
                para.push(line.to_owned());
            }
        }
        flush(&mut para, &mut items, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists_and_nothing_else() {
        let b = blocks("## Who\r\nWe are <b>us</b>.\nLine two.\n\n- one\n- two\n\n\n");
        assert_eq!(
            b,
            vec![
                Block::Heading { text: "Who".into() },
                Block::Paragraph {
                    lines: vec!["We are <b>us</b>.".into(), "Line two.".into()]
                },
                Block::List {
                    items: vec!["one".into(), "two".into()]
                },
            ]
        );
        assert!(blocks("  \n\n ").is_empty());
    }
}
