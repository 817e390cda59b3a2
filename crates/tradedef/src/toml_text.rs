//! Reading TOML text written by people (sidecars, claims files): errors on one line, at the line
//! of the file where the parser stopped.

use crate::{Error, Location};

/// The text of a TOML file from its bytes: a byte-order mark is skipped; bytes that are not
/// UTF-8 are an error at `at` giving the offset of the first bad byte.
pub(crate) fn text_of(bytes: &[u8], at: Location) -> crate::Result<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    crate::data::utf8_text(bytes, at)
}

/// A TOML parse or shape error as an [`Error::Invalid`] at `at`, with the 1-based line of
/// `text` where it was found as the location's row and the message on one line, prefixed by
/// `what` (e.g. "metadata sidecar").
pub(crate) fn error(text: &str, e: &toml::de::Error, at: Location, what: &str) -> Error {
    let at = match e.span() {
        Some(span) => {
            let end = span.start.min(text.len());
            let line = text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            at.row(line)
        }
        None => at,
    };
    let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    Error::invalid(at, format!("{what}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line_on_one_line() {
        let text = "a = 1\nb = [1,\n";
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        let err = error(text, &e, Location::file("x.toml"), "not valid TOML");
        let Error::Invalid { location, message } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(location.row, Some(2), "{err}");
        assert!(message.starts_with("not valid TOML: "), "{message}");
        assert!(!err.to_string().contains('\n'));
    }

    #[test]
    fn a_bom_is_skipped_and_latin1_is_refused() {
        assert_eq!(
            text_of(b"\xEF\xBB\xBFa = 1", Location::file("x")).unwrap(),
            "a = 1"
        );
        let err = text_of(b"a = \"\xE9\"", Location::file("x.toml")).unwrap_err();
        assert!(err.to_string().contains("offset 5"), "{err}");
    }
}
