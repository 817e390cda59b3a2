//! TEMPORARY STUB (replaced by the registry branch at merge): the partner registry API.

use crate::{Error, Result};

/// A partner or country with its key in every dataset.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Partner {
    /// Display name.
    pub name: String,
    /// ISO alpha-3.
    pub iso3: Option<String>,
    /// Census code.
    pub census_code: Option<String>,
    /// Census name.
    pub census_name: Option<String>,
    /// SIPRI name.
    pub sipri_name: Option<String>,
    /// DMDC name.
    pub dmdc_name: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Kind.
    pub kind: String,
}

impl std::fmt::Display for Partner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

fn p(name: &str, iso: &str, code: &str, census: &str, sipri: &str, dmdc: &str, cur: &str) -> Partner {
    let o = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Partner {
        name: name.into(),
        iso3: o(iso),
        census_code: o(code),
        census_name: o(census),
        sipri_name: o(sipri),
        dmdc_name: o(dmdc),
        currency: o(cur),
        aliases: vec![],
        kind: "country".into(),
    }
}

/// Every partner.
pub fn partners() -> Result<Vec<Partner>> {
    Ok(vec![
        p("Japan", "JPN", "5880", "Japan", "Japan", "Japan", "JPY"),
        p("South Korea", "KOR", "5800", "Korea, South", "Korea, South", "Korea, South", "KRW"),
        p("Germany", "DEU", "4280", "Germany", "Germany", "Germany", "EUR"),
        p("Mexico", "MEX", "2010", "Mexico", "Mexico", "Mexico", "MXN"),
        p("Tuvalu", "TUV", "6863", "Tuvalu", "", "", ""),
    ])
}

/// Resolves a name.
pub fn partner(query: &str) -> Result<Partner> {
    let q = query.trim().to_lowercase();
    partners()?
        .into_iter()
        .find(|p| {
            [Some(&p.name), p.iso3.as_ref(), p.census_code.as_ref(), p.census_name.as_ref(), p.sipri_name.as_ref()]
                .into_iter()
                .flatten()
                .any(|n| n.to_lowercase() == q)
        })
        .ok_or_else(|| Error::not_found("partner", query, ["Japan", "South Korea"]))
}
