//! The partner or country an analysis is about, given as a registry entry or as any word the
//! registry resolves.

use crate::Result;
use crate::data::{Partner, partner};

/// A partner or country named in an analysis: a [`Partner`] from the registry, or any name,
/// code or alias the registry resolves (`"South Korea"`, `"Korea, South"`, `"KOR"`, `"5800"`).
/// An unknown or ambiguous word is an error that lists the closest names.
///
/// ```
/// use tradedef::analysis::IntoPartner;
/// let korea = "KOR".into_partner()?;
/// assert_eq!(korea.census_code.as_deref(), Some("5800"));
/// assert!("Atlantis".into_partner().is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub trait IntoPartner {
    /// Resolves to a registry entry.
    fn into_partner(self) -> Result<Partner>;
}

impl IntoPartner for &str {
    fn into_partner(self) -> Result<Partner> {
        partner(self)
    }
}

impl IntoPartner for String {
    fn into_partner(self) -> Result<Partner> {
        partner(&self)
    }
}

impl IntoPartner for &String {
    fn into_partner(self) -> Result<Partner> {
        partner(self)
    }
}

impl IntoPartner for Partner {
    fn into_partner(self) -> Result<Partner> {
        Ok(self)
    }
}

impl IntoPartner for &Partner {
    fn into_partner(self) -> Result<Partner> {
        Ok(self.clone())
    }
}

/// Every name a partner goes by in the datasets, for matching rows written by any publisher.
pub(crate) fn names_of(p: &Partner) -> Vec<String> {
    let mut out = vec![p.name.clone()];
    out.extend(
        [&p.census_name, &p.sipri_name, &p.dmdc_name]
            .into_iter()
            .flatten()
            .cloned(),
    );
    out.extend(p.aliases.iter().cloned());
    out.sort();
    out.dedup();
    out
}

/// Whether a name written in a dataset is one of the partner's names (case-insensitive).
pub(crate) fn is_named(p: &Partner, name: &str) -> bool {
    names_of(p)
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name.trim()))
}

/// The partner's Census country code, or an error saying the Census data have none for it.
pub(crate) fn census_code(p: &Partner, what: &str) -> Result<String> {
    p.census_code.clone().ok_or_else(|| {
        crate::Error::no_data(
            what,
            format!(
                "{} has no Census country code in the partner registry, so the Census trade data hold nothing for it",
                p.name
            ),
        )
    })
}
