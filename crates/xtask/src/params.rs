//! Parameterised notebook runs (the papermill convention, with Rust code generation).
//!
//! A notebook declares its parameters in the one code cell tagged `parameters`
//! (`let partner = "Japan";`). `cargo xtask notebooks --param partner=Mexico` inserts, right
//! after that cell, a code cell tagged `injected-parameters` that shadows them
//! (`let partner = "Mexico";`), writes the result to
//! `target/notebooks-param/<stem>--<name>-<value-slug>.ipynb` and executes that copy; the
//! committed notebook is only read.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The tag of the cell holding a notebook's default parameters.
pub const PARAMETERS_TAG: &str = "parameters";
/// The tag of the cell inserted after it with the given values.
pub const INJECTED_TAG: &str = "injected-parameters";
/// Where the injected and executed copies are written, relative to the repository root.
pub const OUTPUT_DIR: &str = "target/notebooks-param";

/// One `NAME=VALUE` given with `--param`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The variable name: a Rust identifier.
    pub name: String,
    /// The value, typed as it will be written in Rust.
    pub value: Literal,
}

/// A parameter value as a Rust literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// An integer literal (`2022`, `-5`).
    Int(i64),
    /// A float literal (`1.5`, `2e-3`).
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A string literal.
    Str(String),
}

impl Literal {
    /// Types a command-line value: an integer, a float, `true`/`false`, else a string. A value in
    /// double quotes (`'"1990"'` in the shell) is always the string between them.
    pub fn parse(value: &str) -> Result<Literal> {
        if let Some(inner) = value
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
        {
            return Ok(Literal::Str(inner.to_string()));
        }
        match value {
            "true" => return Ok(Literal::Bool(true)),
            "false" => return Ok(Literal::Bool(false)),
            _ => {}
        }
        let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return value.parse::<i64>().map(Literal::Int).with_context(|| {
                format!(
                    "value {value:?} does not fit a 64-bit integer; quote it to pass a string: '\"{value}\"'"
                )
            });
        }
        // Only plain decimal notation counts as a float: Rust's f64 parser also accepts
        // "inf" and "NaN", which are strings here.
        let float_like = digits.bytes().any(|b| b.is_ascii_digit())
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
        if float_like
            && let Ok(x) = value.parse::<f64>()
            && x.is_finite()
        {
            return Ok(Literal::Float(x));
        }
        Ok(Literal::Str(value.to_string()))
    }

    /// The value as Rust source.
    pub fn to_rust(&self) -> String {
        match self {
            Literal::Int(n) => n.to_string(),
            // Debug keeps a decimal point or an exponent (`3.0`, `1e-7`): a float literal.
            Literal::Float(x) => format!("{x:?}"),
            Literal::Bool(b) => b.to_string(),
            Literal::Str(s) => rust_string(s),
        }
    }

    /// The text the value stands for, as used in the file name of the executed copy.
    fn text(&self) -> String {
        match self {
            Literal::Str(s) => s.clone(),
            other => other.to_rust(),
        }
    }
}

/// A Rust string literal holding `text` exactly.
pub fn rust_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Parses one `--param NAME=VALUE` (the clap value parser).
pub fn parse_param(arg: &str) -> Result<Param> {
    let Some((name, value)) = arg.split_once('=') else {
        bail!("--param {arg:?}: expected NAME=VALUE, e.g. partner=Mexico");
    };
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if !identifier || KEYWORDS.contains(&name) {
        bail!("--param {arg:?}: {name:?} is not a Rust variable name");
    }
    // One flat message: clap prints only an error's outermost layer.
    let value = Literal::parse(value).map_err(|e| anyhow!("--param {arg:?}: {e}"))?;
    Ok(Param {
        name: name.to_string(),
        value,
    })
}

/// The source of the injected cell: one `let` per parameter, in the order given.
pub fn injected_source(params: &[Param]) -> String {
    let mut source = String::from("// Injected by `cargo xtask notebooks --param`\n");
    for (index, param) in params.iter().enumerate() {
        source.push_str(&format!("let {} = {};", param.name, param.value.to_rust()));
        if index + 1 < params.len() {
            source.push('\n');
        }
    }
    source
}

/// `<name>-<value-slug>` per parameter, joined with `--`: the executed copy's name after the stem.
pub fn suffix(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| format!("{}-{}", p.name, slug(&p.value.text())))
        .collect::<Vec<_>>()
        .join("--")
}

/// Lower-case ASCII letters and digits, every other run of characters one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "empty".to_string()
    } else {
        trimmed.to_string()
    }
}

fn tags(cell: &Value) -> Vec<&str> {
    cell["metadata"]["tags"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn cell_source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// The names a cell binds with `let` (or `let mut`) at the start of a line.
pub fn declared_names(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("let ")?.trim_start();
            let rest = rest.strip_prefix("mut ").unwrap_or(rest).trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Inserts the injected cell after the notebook's one `parameters` cell. `what` names the
/// notebook in errors. Fails if there is no such cell or more than one, or if a parameter is not
/// declared in it (a misspelt name would otherwise run with the defaults).
pub fn inject(notebook: &mut Value, params: &[Param], what: &str) -> Result<()> {
    let cells = notebook["cells"]
        .as_array_mut()
        .with_context(|| format!("{what}: no \"cells\" list"))?;
    let tagged: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c["cell_type"] == "code" && tags(c).contains(&PARAMETERS_TAG))
        .map(|(i, _)| i)
        .collect();
    let index = match tagged.as_slice() {
        [one] => *one,
        [] => bail!(
            "{what}: no code cell tagged {PARAMETERS_TAG:?}, so it takes no --param (tag the cell \
             holding its defaults)"
        ),
        many => bail!(
            "{what}: {} code cells tagged {PARAMETERS_TAG:?} (cells {many:?}); keep one",
            many.len()
        ),
    };
    let declared = declared_names(&cell_source(&cells[index]));
    for param in params {
        if !declared.contains(&param.name) {
            bail!(
                "{what}: --param {}: the parameters cell (cell {index}) declares no `{}` (it \
                 declares: {})",
                param.name,
                param.name,
                declared.join(", ")
            );
        }
    }
    let cell = json!({
        "cell_type": "code",
        "execution_count": null,
        "id": INJECTED_TAG,
        "metadata": {"tags": [INJECTED_TAG]},
        "outputs": [],
        "source": injected_source(params),
    });
    cells.insert(index + 1, cell);
    Ok(())
}

/// Reads `notebook`, injects the parameters and writes the copy into `out_dir`; returns its path.
pub fn write_injected_copy(notebook: &Path, params: &[Param], out_dir: &Path) -> Result<PathBuf> {
    let what = notebook.display().to_string();
    let text = std::fs::read_to_string(notebook).with_context(|| format!("reading {what}"))?;
    let mut nb: Value =
        serde_json::from_str(&text).with_context(|| format!("{what}: not a JSON notebook"))?;
    inject(&mut nb, params, &what)?;
    let stem = notebook
        .file_stem()
        .and_then(|s| s.to_str())
        .with_context(|| format!("{what}: no file name"))?;
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let copy = out_dir.join(format!("{stem}--{}.ipynb", suffix(params)));
    let json = serde_json::to_string_pretty(&nb)? + "\n";
    std::fs::write(&copy, json).with_context(|| format!("writing {}", copy.display()))?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(arg: &str) -> Param {
        parse_param(arg).unwrap()
    }

    #[test]
    fn values_become_typed_rust_literals() {
        let cases = [
            ("partner=South Korea", "let partner = \"South Korea\";"),
            ("year=2020", "let year = 2020;"),
            ("year=-7", "let year = -7;"),
            ("share=0.25", "let share = 0.25;"),
            ("big=1e6", "let big = 1000000.0;"),
            ("draft=true", "let draft = true;"),
            ("draft=false", "let draft = false;"),
            ("code=\"1990\"", "let code = \"1990\";"),
            ("flag=\"true\"", "let flag = \"true\";"),
            ("x=inf", "let x = \"inf\";"),
            ("x=NaN", "let x = \"NaN\";"),
            ("x=1.2.3", "let x = \"1.2.3\";"),
            ("x=", "let x = \"\";"),
            ("x=True", "let x = \"True\";"),
            (r#"title=Say "hi"\now"#, r#"let title = "Say \"hi\"\\now";"#),
            ("x=a\tb\nc", r#"let x = "a\tb\nc";"#),
            ("x=bell\u{7}", r#"let x = "bell\u{7}";"#),
            ("partner=Côte d'Ivoire", "let partner = \"Côte d'Ivoire\";"),
            ("eq=a=b", "let eq = \"a=b\";"),
        ];
        for (arg, expected) in cases {
            let source = injected_source(&[param(arg)]);
            assert_eq!(source.lines().nth(1), Some(expected), "--param {arg:?}");
        }
    }

    #[test]
    fn bad_params_are_refused_with_the_argument_named() {
        for arg in [
            "partner",
            "=Mexico",
            "1x=2",
            "let=2",
            "_=2",
            "a-b=2",
            "n=99999999999999999999",
        ] {
            let error = format!("{:#}", parse_param(arg).unwrap_err());
            assert!(error.contains(&format!("{arg:?}")), "{arg}: {error}");
        }
    }

    #[test]
    fn several_params_give_one_let_each_and_one_file_name() {
        let params = [param("partner=Korea, South"), param("year=2020")];
        assert_eq!(
            injected_source(&params),
            "// Injected by `cargo xtask notebooks --param`\n\
             let partner = \"Korea, South\";\nlet year = 2020;"
        );
        assert_eq!(suffix(&params), "partner-korea-south--year-2020");
        assert_eq!(suffix(&[param("x=\"\"")]), "x-empty");
    }

    fn notebook(cells: Value) -> Value {
        json!({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    }

    #[test]
    fn the_cell_goes_right_after_the_parameters_cell() {
        let mut nb = notebook(json!([
            {"cell_type": "code", "metadata": {}, "source": "use tradedef::prelude::*;"},
            {"cell_type": "markdown", "metadata": {"tags": ["parameters"]}, "source": "let x = 1;"},
            {"cell_type": "code", "metadata": {"tags": ["parameters"]},
             "source": ["let partner = \"Japan\";\n", "let mut year = 2022;"]},
            {"cell_type": "code", "metadata": {}, "source": "partner"},
        ]));
        inject(
            &mut nb,
            &[param("partner=Mexico"), param("year=2020")],
            "nb",
        )
        .unwrap();
        let cells = nb["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 5);
        assert_eq!(cells[3]["metadata"]["tags"], json!([INJECTED_TAG]));
        assert_eq!(cells[3]["cell_type"], "code");
        assert_eq!(cells[3]["outputs"], json!([]));
        assert_eq!(
            cells[3]["source"],
            "// Injected by `cargo xtask notebooks --param`\nlet partner = \"Mexico\";\nlet year = 2020;"
        );
        assert_eq!(cells[4]["source"], "partner");
    }

    #[test]
    fn a_notebook_without_one_parameters_cell_or_with_an_unknown_name_is_an_error() {
        let plain = json!({"cell_type": "code", "metadata": {}, "source": "1"});
        let tagged = json!({"cell_type": "code", "metadata": {"tags": ["parameters"]},
                            "source": "let partner = \"Japan\";"});
        let partner = [param("partner=Mexico")];
        let mut none = notebook(json!([plain.clone()]));
        let error = inject(&mut none, &partner, "notebooks/00-smoke.ipynb").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("notebooks/00-smoke.ipynb: no code cell tagged")
        );
        let mut two = notebook(json!([tagged.clone(), tagged.clone()]));
        assert!(
            inject(&mut two, &partner, "nb")
                .unwrap_err()
                .to_string()
                .contains("2 code cells")
        );
        let mut one = notebook(json!([tagged, plain]));
        let error = inject(&mut one, &[param("partnr=Mexico")], "nb").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("declares no `partnr` (it declares: partner)"),
            "{error}"
        );
        assert_eq!(
            one["cells"].as_array().unwrap().len(),
            2,
            "nothing inserted on error"
        );
    }

    #[test]
    fn the_partner_profile_is_injected_into_a_copy_and_left_unchanged() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let source = root.join("notebooks/07-partner-profile.ipynb");
        let before = std::fs::read(&source).unwrap();
        let out = std::env::temp_dir().join(format!("xtask-params-{}", std::process::id()));
        let copy = write_injected_copy(&source, &[param("partner=South Korea")], &out).unwrap();
        assert_eq!(
            std::fs::read(&source).unwrap(),
            before,
            "the committed notebook changed"
        );
        assert_eq!(
            copy.file_name().unwrap(),
            "07-partner-profile--partner-south-korea.ipynb"
        );
        let nb: Value = serde_json::from_str(&std::fs::read_to_string(&copy).unwrap()).unwrap();
        let cells = nb["cells"].as_array().unwrap();
        let at = cells
            .iter()
            .position(|c| tags(c).contains(&INJECTED_TAG))
            .unwrap();
        assert!(tags(&cells[at - 1]).contains(&PARAMETERS_TAG));
        assert!(cell_source(&cells[at]).ends_with("let partner = \"South Korea\";"));
        std::fs::remove_dir_all(&out).unwrap();
    }
}
