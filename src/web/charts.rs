//! Server-rendered, accessible SVG horizontal bar charts (signatures by country, by
//! relationship, …) for public petition pages and staff dashboards: no scripts, no styles
//! (the Content-Security-Policy forbids inline ones), only SVG presentation attributes.
//!
//! The chart is a standalone `<svg>` element to inline in HTML. It scales with the width of
//! its container (`viewBox` + `width="100%"`); put it in a wrapper whose CSS caps the width
//! (e.g. `max-width: 40rem`) so the text does not grow too large on wide screens. Text has
//! no `font-family`, so it inherits the page's font (which matters for Persian).
//!
//! Because `role="img"` hides the inner text from screen readers, the `<desc>` carries the
//! caller's description followed by every label and formatted value.

use std::fmt::Write as _;

/// One bar: a visible label and the value its length is proportional to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The text shown beside the bar (e.g. a country or relationship name); escaped on output.
    pub label: String,
    /// The quantity the bar stands for.
    pub value: u64,
}

/// Width of the `viewBox`, in user units.
const WIDTH: u64 = 520;
/// Height of one row (one bar), in user units.
const ROW: u64 = 28;
/// Height of a bar inside its row.
const BAR_HEIGHT: u64 = 18;
/// Where the bar area starts, measured from the start edge (left in LTR, right in RTL).
const BAR_START: u64 = 160;
/// Where labels end (they are anchored at their end, beside the bars), from the start edge.
const LABEL_END: u64 = 152;
/// A generous estimate of the width of one character at [`FONT_SIZE`] (0.64 em), used to
/// leave room for the longest value after the largest bar.
const CHAR_WIDTH: u64 = 9;
/// The least room left after the largest bar for its value, gap included: the largest bar
/// is at most 300 units wide.
const MIN_VALUE_ROOM: u64 = 60;
/// The most room left after the largest bar for its value, gap included: the largest bar
/// is at least 160 units wide, however long the values are.
const MAX_VALUE_ROOM: u64 = 200;
/// Gap between the end of a bar and its value.
const VALUE_GAP: u64 = 6;
/// Font size of all text, in user units.
const FONT_SIZE: u64 = 14;
/// Labels longer than this many characters are shortened with an ellipsis so they fit in
/// the label column (the full label stays in the row's tooltip and in the `<desc>`).
const MAX_LABEL_CHARS: usize = 17;
/// Bar colour: dark green, 7.8:1 against white.
const BAR_FILL: &str = "#0b5d4b";
/// Text colour: near black, 15.5:1 against white.
const TEXT_FILL: &str = "#1d2433";

/// Renders a horizontal bar chart as a standalone, accessible `<svg>` element.
///
/// - `title` and `description` become the `<title>` and `<desc>` the `svg` is labelled by
///   (`role="img"`, `aria-labelledby`); the `<desc>` also lists every bar as
///   `label: value`, since screen readers do not read the text inside an image.
/// - Each row shows the label, a bar whose width is proportional to its value (the largest
///   value gets the full width; widths are rounded to 0.1 unit; a zero value gets no bar)
///   and the value formatted by `value_format`.
/// - With `rtl`, the chart is mirrored: labels on the right, bars growing leftwards from the
///   right, and `direction="rtl"` on every text element (whose `text-anchor` keyword is then
///   measured from the right, as the SVG specification and browsers do).
/// - Every piece of text is XML-escaped, so labels from user data are safe to inline.
/// - With no bars, the chart is one row showing `description`.
///
/// Ids are derived from a stable hash of the chart's content: the same chart always gets
/// the same ids, and different charts on one page do not clash.
#[must_use]
pub fn bar_chart(
    title: &str,
    description: &str,
    bars: &[Bar],
    rtl: bool,
    value_format: &dyn Fn(u64) -> String,
) -> String {
    let id = chart_id(title, description, bars, rtl);
    let rows = u64::try_from(bars.len()).unwrap_or(u64::MAX).max(1);
    let height = rows.saturating_mul(ROW);
    let values: Vec<String> = bars.iter().map(|bar| value_format(bar.value)).collect();

    let mut svg = String::with_capacity(bars.len().saturating_mul(400).saturating_add(512));
    // `write!` into a `String` cannot fail; the results are ignored on purpose.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&desc_text(description, bars, &values, rtl)),
    );

    if bars.is_empty() {
        let x = if rtl { WIDTH } else { 0 };
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"{}\"{} text-anchor=\"start\" dominant-baseline=\"central\" \
             font-size=\"{FONT_SIZE}\" fill=\"{TEXT_FILL}\">{}</text>",
            ROW / 2,
            direction_attr(rtl),
            escape(description),
        );
    }

    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0);
    let max_bar = max_bar_width(&values);
    let mut top = 0u64;
    for (bar, value) in bars.iter().zip(&values) {
        let width = bar_width_tenths(bar.value, max, max_bar);
        let middle = top + ROW / 2;
        let bar_y = top + (ROW - BAR_HEIGHT) / 2;
        // Positions in tenths of a unit, measured from the left edge.
        let (label_x, rect_x, value_x) = if rtl {
            let rect_x = (WIDTH - BAR_START) * 10 - width;
            (
                (WIDTH - LABEL_END) * 10,
                rect_x,
                rect_x.saturating_sub(VALUE_GAP * 10),
            )
        } else {
            (
                LABEL_END * 10,
                BAR_START * 10,
                BAR_START * 10 + width + VALUE_GAP * 10,
            )
        };
        let (shown, truncated) = shorten(&bar.label);

        svg.push_str("<g>");
        if truncated {
            let _ = write!(svg, "<title>{}</title>", escape(&bar.label));
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{middle}\"{dir} text-anchor=\"end\" dominant-baseline=\"central\" \
             font-size=\"{FONT_SIZE}\" fill=\"{TEXT_FILL}\">{}</text>\
             <rect x=\"{}\" y=\"{bar_y}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{BAR_FILL}\"/>\
             <text x=\"{}\" y=\"{middle}\"{dir} text-anchor=\"start\" dominant-baseline=\"central\" \
             font-size=\"{FONT_SIZE}\" fill=\"{TEXT_FILL}\">{}</text>",
            tenths(label_x),
            escape(&shown),
            tenths(rect_x),
            tenths(width),
            tenths(value_x),
            escape(value),
            dir = direction_attr(rtl),
        );
        svg.push_str("</g>");
        top += ROW;
    }

    svg.push_str("</svg>");
    svg
}

/// The `<desc>` text: the description, then every bar as `label: value`.
fn desc_text(description: &str, bars: &[Bar], values: &[String], rtl: bool) -> String {
    // The Persian/Arabic semicolon reads naturally in right-to-left text.
    let separator = if rtl { "؛ " } else { "; " };
    let mut text = description.trim().to_owned();
    for (index, (bar, value)) in bars.iter().zip(values).enumerate() {
        if index == 0 {
            if !text.is_empty() {
                text.push(' ');
            }
        } else {
            text.push_str(separator);
        }
        let _ = write!(text, "{}: {value}", bar.label.trim());
    }
    text
}

/// ` direction="rtl"` for right-to-left charts, nothing otherwise.
fn direction_attr(rtl: bool) -> &'static str {
    if rtl { " direction=\"rtl\"" } else { "" }
}

/// The width of the largest bar: what is left of the row once the longest formatted value
/// has room after it, so values are not cut off at the edge.
fn max_bar_width(values: &[String]) -> u64 {
    let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    let needed = u64::try_from(longest)
        .unwrap_or(u64::MAX)
        .saturating_mul(CHAR_WIDTH)
        .saturating_add(VALUE_GAP);
    WIDTH - BAR_START - needed.clamp(MIN_VALUE_ROOM, MAX_VALUE_ROOM)
}

/// The width of a bar in tenths of a unit: `value / max` of `full` units, rounded half up.
fn bar_width_tenths(value: u64, max: u64, full: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let full_tenths = u128::from(full) * 10;
    let (value, max) = (u128::from(value.min(max)), u128::from(max));
    let rounded = (value * full_tenths * 2 + max) / (max * 2);
    // `rounded <= full_tenths`, which fits in a `u64`.
    u64::try_from(rounded).unwrap_or(full * 10)
}

/// Formats tenths of a unit as a number: `1234` → `123.4`, `1230` → `123`.
fn tenths(value: u64) -> String {
    if value.is_multiple_of(10) {
        (value / 10).to_string()
    } else {
        format!("{}.{}", value / 10, value % 10)
    }
}

/// The label as shown, and whether it had to be shortened.
fn shorten(label: &str) -> (String, bool) {
    let label = label.trim();
    if label.chars().count() <= MAX_LABEL_CHARS {
        return (label.to_owned(), false);
    }
    let mut shown: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
    shown.truncate(shown.trim_end().len());
    shown.push('…');
    (shown, true)
}

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// does not allow (most C0 controls and the non-characters U+FFFE and U+FFFF).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A stable id prefix for the chart: FNV-1a over everything the chart shows, so the same
/// chart always gets the same ids (no randomness) and different charts do not clash.
fn chart_id(title: &str, description: &str, bars: &[Bar], rtl: bool) -> String {
    // 0xff never occurs in UTF-8, so it separates the fields unambiguously.
    const SEPARATOR: u8 = 0xff;
    let mut hash = Fnv1a::new();
    hash.feed(title.as_bytes());
    hash.feed(&[SEPARATOR]);
    hash.feed(description.as_bytes());
    hash.feed(&[SEPARATOR, u8::from(rtl)]);
    for bar in bars {
        hash.feed(&[SEPARATOR]);
        hash.feed(bar.label.as_bytes());
        hash.feed(&[SEPARATOR]);
        hash.feed(&bar.value.to_le_bytes());
    }
    format!("chart-{:016x}", hash.0)
}

/// The 64-bit FNV-1a hash: tiny, stable across platforms and releases (unlike `std`'s
/// `DefaultHasher`), and plenty for telling a page's charts apart.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(items: &[(&str, u64)]) -> Vec<Bar> {
        items
            .iter()
            .map(|&(label, value)| Bar {
                label: label.to_owned(),
                value,
            })
            .collect()
    }

    fn plain(value: u64) -> String {
        value.to_string()
    }

    /// Every value of attribute `name` in `svg`, in document order.
    fn attrs<'a>(svg: &'a str, element: &str, name: &str) -> Vec<&'a str> {
        let open = format!("<{element} ");
        let needle = format!(" {name}=\"");
        svg.match_indices(&open)
            .filter_map(|(at, _)| {
                let tag = &svg[at..at + svg[at..].find('>')?];
                let start = tag.find(&needle)? + needle.len();
                let end = start + tag[start..].find('"')?;
                Some(&tag[start..end])
            })
            .collect()
    }

    fn sample() -> Vec<Bar> {
        bars(&[("Iran", 1200), ("Germany", 300), ("Canada", 0)])
    }

    #[test]
    fn escapes_every_piece_of_text() {
        let svg = bar_chart(
            "A & B <x>",
            "\"quoted\" 'single'",
            &bars(&[("<script>alert(1)</script>", 5)]),
            false,
            &|v| format!("<{v}>"),
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("A &amp; B &lt;x&gt;"));
        assert!(svg.contains("&quot;quoted&quot; &#39;single&#39;"));
        assert!(svg.contains("&lt;5&gt;"));
        assert!(!svg.contains("<x>") && !svg.contains("<5>"));
    }

    #[test]
    fn drops_characters_xml_forbids() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{ffff}\td"), "abc\td");
    }

    #[test]
    fn is_an_image_labelled_by_its_title_and_desc() {
        let svg = bar_chart(
            "Signatures by country",
            "Where signers live.",
            &sample(),
            false,
            &plain,
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" "));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(" role=\"img\""));
        let labelledby = attrs(&svg, "svg", "aria-labelledby");
        let ids: Vec<&str> = labelledby[0].split(' ').collect();
        assert_eq!(ids.len(), 2);
        assert!(svg.contains(&format!(
            "<title id=\"{}\">Signatures by country</title>",
            ids[0]
        )));
        assert!(svg.contains(&format!("<desc id=\"{}\">Where signers live. ", ids[1])));
        assert_eq!(svg.matches(&format!("id=\"{}\"", ids[0])).count(), 1);
    }

    #[test]
    fn desc_lists_the_data_for_screen_readers() {
        let svg = bar_chart("T", "D", &sample(), false, &plain);
        assert!(svg.contains(">D Iran: 1200; Germany: 300; Canada: 0</desc>"));
        let rtl = bar_chart("T", "", &bars(&[("ایران", 3), ("آلمان", 1)]), true, &plain);
        assert!(rtl.contains(">ایران: 3؛ آلمان: 1</desc>"));
    }

    #[test]
    fn never_uses_style_or_script() {
        let hostile = bars(&[("style", 1), ("x", 2)]);
        for svg in [
            bar_chart("T", "D", &sample(), false, &plain),
            bar_chart("T", "D", &sample(), true, &plain),
            bar_chart("T", "D", &[], true, &plain),
            bar_chart("T", "D", &hostile, false, &plain),
        ] {
            assert!(!svg.contains("style="), "{svg}");
            assert!(!svg.contains("<style"), "{svg}");
            assert!(!svg.contains("<script"), "{svg}");
        }
        let svg = bar_chart("T", "D", &sample(), false, &plain);
        assert!(!svg.contains("style"));
    }

    #[test]
    fn scales_with_width_and_grows_with_rows() {
        let svg = bar_chart("T", "D", &sample(), false, &plain);
        assert!(svg.contains(" viewBox=\"0 0 520 84\""));
        assert!(svg.contains(" width=\"100%\""));
        assert!(attrs(&svg, "svg", "height").is_empty());
        let five = bars(&[("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)]);
        assert!(bar_chart("T", "D", &five, false, &plain).contains("viewBox=\"0 0 520 140\""));
    }

    #[test]
    fn widths_are_proportional_to_the_largest_value() {
        let svg = bar_chart(
            "T",
            "D",
            &bars(&[("a", 3), ("b", 1), ("c", 2), ("d", 0)]),
            false,
            &plain,
        );
        assert_eq!(attrs(&svg, "rect", "width"), ["300", "100", "200", "0"]);
        // Rounded to 0.1: 1/7 of 300 = 42.857…
        let svg = bar_chart("T", "D", &bars(&[("a", 7), ("b", 1)]), false, &plain);
        assert_eq!(attrs(&svg, "rect", "width"), ["300", "42.9"]);
        assert_eq!(bar_width_tenths(1, 7, 300), 429);
        assert_eq!(bar_width_tenths(0, 7, 300), 0);
        assert_eq!(bar_width_tenths(0, 0, 300), 0);
        assert_eq!(bar_width_tenths(u64::MAX, u64::MAX, 300), 3000);
        assert_eq!(bar_width_tenths(u64::MAX - 1, u64::MAX, 300), 3000);
        assert_eq!(tenths(429), "42.9");
        assert_eq!(tenths(3000), "300");
    }

    #[test]
    fn longer_values_get_room_after_the_largest_bar() {
        let long = |v: u64| format!("{v} signatures");
        let svg = bar_chart("T", "D", &sample(), false, &long);
        // "1200 signatures" is 15 characters: 15 × 9 + 6 = 141 units after the bar.
        assert_eq!(attrs(&svg, "rect", "width"), ["219", "54.8", "0"]);
        assert_eq!(attrs(&svg, "text", "x")[1], "385");
        // Absurdly long values cannot squeeze the bars below 160 units.
        let huge = |v: u64| format!("{v}{}", " ".repeat(200));
        let svg = bar_chart("T", "D", &sample(), false, &huge);
        assert_eq!(attrs(&svg, "rect", "width")[0], "160");
        assert_eq!(max_bar_width(&[]), 300);
    }

    #[test]
    fn zero_values_still_show_label_and_value() {
        let svg = bar_chart("T", "D", &bars(&[("Nobody yet", 0)]), false, &|v| {
            format!("{v} signatures")
        });
        assert_eq!(attrs(&svg, "rect", "width"), ["0"]);
        assert!(svg.contains(">Nobody yet</text>"));
        assert!(svg.contains(">0 signatures</text>"));
    }

    #[test]
    fn ltr_grows_from_the_left() {
        let svg = bar_chart("T", "D", &sample(), false, &plain);
        assert_eq!(attrs(&svg, "rect", "x"), ["160", "160", "160"]);
        assert_eq!(attrs(&svg, "rect", "width"), ["300", "75", "0"]);
        // Label, value, label, value, …
        assert_eq!(
            attrs(&svg, "text", "x"),
            ["152", "466", "152", "241", "152", "166"]
        );
        assert_eq!(
            attrs(&svg, "text", "text-anchor"),
            ["end", "start", "end", "start", "end", "start"]
        );
        assert!(attrs(&svg, "text", "direction").is_empty());
    }

    #[test]
    fn rtl_is_the_mirror_image() {
        let ltr = bar_chart("T", "D", &sample(), false, &plain);
        let rtl = bar_chart("T", "D", &sample(), true, &plain);
        assert_eq!(attrs(&rtl, "rect", "x"), ["60", "285", "360"]);
        assert_eq!(attrs(&rtl, "rect", "width"), attrs(&ltr, "rect", "width"));
        assert_eq!(
            attrs(&rtl, "text", "x"),
            ["368", "54", "368", "279", "368", "354"]
        );
        // Every rect's right edge in RTL is the mirror of its left edge in LTR.
        let mirror = |s: &str| {
            f64::from(u16::try_from(WIDTH).unwrap_or(0)) - s.parse::<f64>().unwrap_or(f64::NAN)
        };
        for ((l, r), w) in attrs(&ltr, "rect", "x")
            .iter()
            .zip(attrs(&rtl, "rect", "x"))
            .zip(attrs(&rtl, "rect", "width"))
        {
            let right_edge =
                r.parse::<f64>().unwrap_or(f64::NAN) + w.parse::<f64>().unwrap_or(f64::NAN);
            assert!((mirror(l) - right_edge).abs() < 1e-9);
        }
        for (l, r) in attrs(&ltr, "text", "x")
            .iter()
            .zip(attrs(&rtl, "text", "x"))
        {
            assert!((mirror(l) - r.parse::<f64>().unwrap_or(f64::NAN)).abs() < 1e-9);
        }
        // With direction="rtl", the same logical anchor is measured from the right.
        assert_eq!(
            attrs(&rtl, "text", "text-anchor"),
            attrs(&ltr, "text", "text-anchor")
        );
        assert_eq!(attrs(&rtl, "text", "direction"), ["rtl"; 6]);
    }

    #[test]
    fn persian_labels_pass_through() {
        let svg = bar_chart(
            "امضاها بر پایهٔ کشور",
            "محل زندگی امضاکنندگان",
            &bars(&[("ایران", 12), ("آلمان", 3)]),
            true,
            &|v| format!("{v} امضا"),
        );
        assert!(svg.contains(">امضاها بر پایهٔ کشور</title>"));
        assert!(svg.contains(">ایران</text>"));
        assert!(svg.contains(">12 امضا</text>"));
    }

    #[test]
    fn long_labels_are_shortened_but_kept_whole_elsewhere() {
        let long = "Democratic Republic of the Congo";
        let svg = bar_chart("T", "D", &bars(&[(long, 1)]), false, &plain);
        assert!(svg.contains(">Democratic Repub…</text>"));
        assert!(svg.contains(&format!("<g><title>{long}</title>")));
        assert!(svg.contains(&format!("D {long}: 1</desc>")));
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = bar_chart("By country", "D", &sample(), false, &plain);
        let again = bar_chart("By country", "D", &sample(), false, &plain);
        let b = bar_chart("By relationship", "D", &sample(), false, &plain);
        assert_eq!(a, again);
        let id_a = attrs(&a, "svg", "aria-labelledby");
        let id_b = attrs(&b, "svg", "aria-labelledby");
        assert_eq!(id_a, attrs(&again, "svg", "aria-labelledby"));
        assert_ne!(id_a, id_b);
        assert_eq!(
            chart_id("By country", "D", &sample(), false),
            chart_id("By country", "D", &sample(), false)
        );
        // Published FNV-1a test vectors pin the hash across releases and platforms.
        let mut empty = Fnv1a::new();
        empty.feed(b"");
        assert_eq!(empty.0, 0xcbf2_9ce4_8422_2325);
        let mut a = Fnv1a::new();
        a.feed(b"a");
        assert_eq!(a.0, 0xaf63_dc4c_8601_ec8c);
        let mut foobar = Fnv1a::new();
        foobar.feed(b"foobar");
        assert_eq!(foobar.0, 0x8594_4171_f739_67e8);
    }

    #[test]
    fn empty_chart_shows_the_description_in_one_row() {
        let svg = bar_chart("By country", "No signatures yet.", &[], false, &plain);
        assert!(svg.contains("viewBox=\"0 0 520 28\""));
        assert!(!svg.contains("<rect"));
        assert!(svg.contains(">No signatures yet.</desc>"));
        assert!(svg.contains("<text x=\"0\" y=\"14\" text-anchor=\"start\""));
        assert!(svg.contains(">No signatures yet.</text></svg>"));
        let rtl = bar_chart("بر پایهٔ کشور", "هنوز امضایی نیست.", &[], true, &plain);
        assert!(rtl.contains("<text x=\"520\" y=\"14\" direction=\"rtl\" text-anchor=\"start\""));
    }
}
