//! The crate's one error type, where it happened ([`Location`]), and the crate's `bail!` /
//! `ensure!` shorthands for returning one.

use std::fmt;

/// Where in a file or dataset a problem was found.
///
/// Displayed as, for example, ``data/us_japan_goods_trade.csv, row 12, column `value`, value `(D)` ``,
/// or, in a text file such as a claims file, `data/claims/story.toml, line 12, column 5`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// The file (a path, or `embedded:<id>.csv` for curated data) or dataset the problem is in.
    pub file: String,
    /// The line and column in a text file (TOML), if known (boxed: it keeps [`Error`] small).
    pub position: Option<Box<TextPosition>>,
    /// The 1-based data row (the header is row 0), or the spreadsheet row, if known.
    pub row: Option<usize>,
    /// The column (name or spreadsheet letter), if known.
    pub column: Option<String>,
    /// The offending value, if there is one.
    pub value: Option<String>,
}

/// A place in a text file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextPosition {
    /// The line, from 1.
    pub line: u32,
    /// The column in the line, from 1, counted in characters.
    pub column: u32,
}

impl TextPosition {
    /// The line and column of a byte offset in `text` (an offset past the end is the end).
    ///
    /// ```
    /// use tradedef::TextPosition;
    /// let at = TextPosition::of_offset("a = 1\nb = ?\n", 10);
    /// assert_eq!((at.line, at.column), (2, 5));
    /// ```
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let count = |n: usize| u32::try_from(n + 1).unwrap_or(u32::MAX);
        TextPosition {
            line: count(before.matches('\n').count()),
            column: count(before[line_start..].chars().count()),
        }
    }
}

impl Location {
    /// A location naming only a file or dataset.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }
    /// The same location at a line and column of a text file.
    pub fn position(mut self, position: TextPosition) -> Self {
        self.position = Some(Box::new(position));
        self
    }
    /// The same location at a row.
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    /// The same location at a column.
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    /// The same location with the offending value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(p) = &self.position {
            write!(f, ", line {}, column {}", p.line, p.column)?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value `{value}`")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in tradedef. Each message says what went wrong and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Writing an output (a report, a chart, a dataset, a folder for them) failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A data file (CSV, spreadsheet, sidecar) breaks its schema or a validation rule.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// A dataset, year, partner, category, vintage, column, claim or analysis that was asked for does not exist.
    #[error("{what} `{asked}` not found{}; available (closest first): {available}", did_you_mean(.closest))]
    NotFound {
        /// The kind of thing asked for, e.g. "dataset" or "year in us_japan_goods_trade".
        what: String,
        /// What was asked for.
        asked: String,
        /// What exists, closest to what was asked first (abbreviated when long).
        available: String,
        /// The one existing item close enough to be what was meant, if any.
        closest: Option<String>,
    },
    /// The data hold nothing for what was asked, although the question is well formed: a
    /// partner without end-use imports, a country without SIPRI figures, a host without US
    /// personnel in DMDC's files. A study leaves such a section out with `why`; a mistake in the
    /// arguments is an [`Error::Argument`] instead, never taken for a gap.
    #[error("no data for {what}: {why}")]
    NoData {
        /// What was asked for, e.g. "end-use imports from Andorra".
        what: String,
        /// Why there is nothing: which dataset holds what.
        why: String,
    },
    /// A computation was asked for with arguments it cannot take.
    #[error("{context}: {message}")]
    Argument {
        /// The function or option.
        context: String,
        /// Why the argument is rejected.
        message: String,
    },
    /// Drawing a chart failed.
    #[error("chart `{chart}`: {message}")]
    Chart {
        /// The chart's title or kind.
        chart: String,
        /// What failed.
        message: String,
    },
    /// An error from polars while computing on a dataset.
    #[error("{context}: {source}")]
    Polars {
        /// The computation or dataset.
        context: String,
        /// The underlying error.
        #[source]
        source: polars::error::PolarsError,
    },
}

impl Error {
    /// An [`Error::Invalid`] at a location.
    pub fn invalid(location: Location, message: impl Into<String>) -> Self {
        Error::Invalid {
            location,
            message: message.into(),
        }
    }

    /// An [`Error::NotFound`] listing what exists, closest to what was asked first (at most 30
    /// items, then a count), with a "did you mean" when one item is close.
    ///
    /// ```
    /// let e = tradedef::Error::not_found("dataset", "sipri_mlex", ["deflators", "sipri_milex"]);
    /// assert_eq!(
    ///     e.to_string(),
    ///     "dataset `sipri_mlex` not found; did you mean `sipri_milex`?; available (closest first): sipri_milex, deflators"
    /// );
    /// ```
    pub fn not_found<I, S>(what: impl Into<String>, asked: impl Into<String>, available: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: fmt::Display,
    {
        let asked = asked.into();
        let listed: Vec<String> = available.into_iter().map(|s| s.to_string()).collect();
        let ranked = crate::similar::rank(&asked, &listed);
        let closest = ranked
            .first()
            .filter(|(_, score)| *score <= crate::similar::CLOSE)
            .map(|&(i, _)| listed[i].clone());
        let items: Vec<String> = ranked.iter().map(|&(i, _)| listed[i].clone()).collect();
        let shown = if items.is_empty() {
            "none".to_string()
        } else if items.len() > 30 {
            format!("{}, … ({} in all)", items[..30].join(", "), items.len())
        } else {
            items.join(", ")
        };
        Error::NotFound {
            what: what.into(),
            asked,
            available: shown,
            closest,
        }
    }

    /// An [`Error::NoData`]: the data hold nothing for `what`, and `why`.
    ///
    /// ```
    /// let e = tradedef::Error::no_data("US personnel in Andorra", "DMDC's files list no one there");
    /// assert!(e.is_data_gap());
    /// assert!(!tradedef::Error::argument("elasticity", "must be positive").is_data_gap());
    /// ```
    pub fn no_data(what: impl Into<String>, why: impl Into<String>) -> Self {
        Error::NoData {
            what: what.into(),
            why: why.into(),
        }
    }

    /// Whether the error says the data hold nothing for the question ([`Error::NoData`]), as
    /// opposed to a mistake in the question or broken data. Studies leave such a section out.
    pub fn is_data_gap(&self) -> bool {
        matches!(self, Error::NoData { .. })
    }

    /// An [`Error::Argument`].
    pub fn argument(context: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Argument {
            context: context.into(),
            message: message.into(),
        }
    }

    /// Wraps a polars error with the computation it came from.
    pub fn polars(context: impl Into<String>, source: polars::error::PolarsError) -> Self {
        Error::Polars {
            context: context.into(),
            source,
        }
    }

    /// An [`Error::Io`] for a path.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// An [`Error::Write`]: an output file or folder could not be written.
    ///
    /// ```
    /// let e = tradedef::Error::write("report/index.html", std::io::ErrorKind::PermissionDenied.into());
    /// assert!(matches!(e, tradedef::Error::Write { .. }));
    /// assert!(e.to_string().starts_with("cannot write report/index.html: "));
    /// ```
    pub fn write(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}

/// Returns early with an error: `bail!(Error::argument("cagr", "needs two years"))` is
/// `return Err(Error::argument("cagr", "needs two years").into())`.
macro_rules! bail {
    ($error:expr $(,)?) => {
        return Err($error.into())
    };
}

/// Returns early with an error unless a condition holds: `ensure!(from < to, error)`.
macro_rules! ensure {
    ($condition:expr, $error:expr $(,)?) => {
        if !$condition {
            $crate::error::bail!($error);
        }
    };
}

pub(crate) use {bail, ensure};

/// The "did you mean" part of a not-found message.
fn did_you_mean(closest: &Option<String>) -> String {
    closest
        .as_ref()
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
