//! HTML text escaping, shared by the report and the notebook display (both write HTML from
//! strings they did not write themselves: labels, quotes, file names).

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(tradedef::html::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of HTML or SVG content back from its escaped form: the five XML entities (`&lt;`,
/// `&gt;`, `&quot;`, `&apos;` or `&#39;`, `&amp;`, the last one last) and `&nbsp;`, as plotters
/// and Chromium's `--dump-dom` write them. Other entities stay as they are.
///
/// ```
/// use tradedef::html::{escape, unescape};
/// assert_eq!(unescape("a&lt;b &amp;amp; &apos;c&#39;&nbsp;"), "a<b &amp; 'c'\u{a0}");
/// assert_eq!(unescape(&escape("Trade & \"tariffs\" <2025>")), "Trade & \"tariffs\" <2025>");
/// ```
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
