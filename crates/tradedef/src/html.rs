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
