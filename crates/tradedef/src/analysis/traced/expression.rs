//! Small arithmetic expressions over named inputs, e.g. `"a / b * 100 - 100"`: how a claims file
//! derives a growth rate, a share or a currency conversion from several filtered values.
//!
//! The grammar: numbers (`100`, `0.001`, `1e3`), input names (letters, digits, `_`), `+ - * /`,
//! unary minus, parentheses, and the functions `abs(x)`, `min(x, y, …)`, `max(x, y, …)` and
//! `rank(x, y, …)`, the rank of `x` among all its arguments (1 = the largest; ties share the
//! better rank).

use super::invalid;
use crate::Result;
use crate::error::{bail, ensure};
use std::collections::BTreeMap;

/// A parsed expression.
///
/// ```
/// use std::collections::BTreeMap;
/// use tradedef::claims::Expression;
/// let growth = Expression::parse("new / old * 100 - 100").unwrap();
/// assert_eq!(growth.names(), vec!["new", "old"]);
/// let values = BTreeMap::from([("new".to_string(), 110.0), ("old".to_string(), 100.0)]);
/// assert!((growth.evaluate(&values).unwrap() - 10.0).abs() < 1e-9);
/// assert!(Expression::parse("a / (b").unwrap_err().to_string().contains("`)`"));
/// let rank = Expression::parse("rank(b, a, c)").unwrap();
/// let values = BTreeMap::from([("a".into(), 3.0), ("b".into(), 2.0), ("c".into(), 1.0)]);
/// assert_eq!(rank.evaluate(&values).unwrap(), 2.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    text: String,
    root: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Number(f64),
    Name(String),
    Negate(Box<Node>),
    Binary(char, Box<Node>, Box<Node>),
    Call(String, Vec<Node>),
}

const FUNCTIONS: &[&str] = &["abs", "min", "max", "rank"];

impl Expression {
    /// Parses an expression; the error says what was expected where.
    pub fn parse(text: &str) -> Result<Self> {
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, at: 0 };
        let root = parser.sum()?;
        if let Some(t) = parser.tokens.get(parser.at) {
            bail!(invalid(format!(
                "expression `{text}`: unexpected {} after a complete expression",
                t.describe()
            )));
        }
        Ok(Expression {
            text: text.to_string(),
            root,
        })
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The input names the expression uses, sorted, without repeats.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_names(&self.root, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Evaluates with the inputs' values. Fails on an unknown name, a division by zero or a
    /// result that is not a finite number.
    pub fn evaluate(&self, values: &BTreeMap<String, f64>) -> Result<f64> {
        let v = eval(&self.root, values)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(invalid(format!(
                "expression `{}` is not a finite number",
                self.text
            )))
        }
    }
}

fn collect_names<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match node {
        Node::Number(_) => {}
        Node::Name(n) => out.push(n),
        Node::Negate(a) => collect_names(a, out),
        Node::Binary(_, a, b) => {
            collect_names(a, out);
            collect_names(b, out);
        }
        Node::Call(_, args) => args.iter().for_each(|a| collect_names(a, out)),
    }
}

fn eval(node: &Node, values: &BTreeMap<String, f64>) -> Result<f64> {
    Ok(match node {
        Node::Number(x) => *x,
        Node::Name(n) => *values.get(n).ok_or_else(|| {
            let known: Vec<&str> = values.keys().map(String::as_str).collect();
            invalid(format!("unknown input `{n}`; inputs: {}", known.join(", ")))
        })?,
        Node::Negate(a) => -eval(a, values)?,
        Node::Binary(op, a, b) => {
            let (x, y) = (eval(a, values)?, eval(b, values)?);
            match op {
                '+' => x + y,
                '-' => x - y,
                '*' => x * y,
                _ => {
                    ensure!(y != 0.0, invalid("division by zero".to_string()));
                    x / y
                }
            }
        }
        Node::Call(f, args) => {
            let xs = args
                .iter()
                .map(|a| eval(a, values))
                .collect::<Result<Vec<_>, _>>()?;
            match f.as_str() {
                "abs" => xs[0].abs(),
                "min" => xs.iter().copied().fold(f64::INFINITY, f64::min),
                // The rank of the first among all (1 = largest): one more than those above it.
                "rank" => 1.0 + xs[1..].iter().filter(|&&y| y > xs[0]).count() as f64,
                _ => xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            }
        }
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Number(x) => format!("number `{x}`"),
            Token::Name(n) => format!("name `{n}`"),
            Token::Symbol(c) => format!("`{c}`"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || chars[i] == 'e'
                    || chars[i] == 'E'
                    || ((chars[i] == '-' || chars[i] == '+') && matches!(chars[i - 1], 'e' | 'E')))
            {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let x = s
                .parse::<f64>()
                .map_err(|_| invalid(format!("expression `{text}`: `{s}` is not a number")))?;
            tokens.push(Token::Number(x));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Name(chars[start..i].iter().collect()));
        } else if "+-*/(),".contains(c) {
            tokens.push(Token::Symbol(c));
            i += 1;
        } else {
            bail!(invalid(format!(
                "expression `{text}`: unexpected character `{c}`; allowed: numbers, names, + - * / ( ) ,"
            )));
        }
    }
    ensure!(
        !tokens.is_empty(),
        invalid("expression is empty".to_string())
    );
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expect(&mut self, c: char) -> Result<()> {
        match self.peek() {
            Some(Token::Symbol(s)) if *s == c => {
                self.at += 1;
                Ok(())
            }
            Some(t) => Err(invalid(format!("expected `{c}`, found {}", t.describe()))),
            None => Err(invalid(format!(
                "expected `{c}`, found the end of the expression"
            ))),
        }
    }

    fn sum(&mut self) -> Result<Node> {
        let mut left = self.product()?;
        while let Some(Token::Symbol(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            left = Node::Binary(op, Box::new(left), Box::new(self.product()?));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Node> {
        let mut left = self.unary()?;
        while let Some(Token::Symbol(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            left = Node::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node> {
        if let Some(Token::Symbol('-')) = self.peek() {
            self.at += 1;
            return Ok(Node::Negate(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node> {
        let token = self.peek().cloned();
        self.at += 1;
        match token {
            Some(Token::Number(x)) => Ok(Node::Number(x)),
            Some(Token::Name(n)) => {
                if let Some(Token::Symbol('(')) = self.peek() {
                    if !FUNCTIONS.contains(&n.as_str()) {
                        bail!(invalid(format!(
                            "unknown function `{n}`; functions: {}",
                            FUNCTIONS.join(", ")
                        )));
                    }
                    self.at += 1;
                    let mut args = vec![self.sum()?];
                    while let Some(Token::Symbol(',')) = self.peek() {
                        self.at += 1;
                        args.push(self.sum()?);
                    }
                    self.expect(')')?;
                    if n == "abs" && args.len() != 1 {
                        bail!(invalid(format!(
                            "`abs` takes 1 argument, not {}",
                            args.len()
                        )));
                    }
                    Ok(Node::Call(n, args))
                } else {
                    Ok(Node::Name(n))
                }
            }
            Some(Token::Symbol('(')) => {
                let inner = self.sum()?;
                self.expect(')')?;
                Ok(inner)
            }
            Some(t) => Err(invalid(format!(
                "expected a number, a name or `(`, found {}",
                t.describe()
            ))),
            None => Err(invalid(
                "expected a number, a name or `(`, found the end of the expression",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_with(text: &str, pairs: &[(&str, f64)]) -> Result<f64> {
        let values = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        Expression::parse(text)?.evaluate(&values)
    }

    #[test]
    fn precedence_and_functions() {
        assert_eq!(eval_with("1 + 2 * 3", &[]).unwrap(), 7.0);
        assert_eq!(eval_with("(1 + 2) * 3", &[]).unwrap(), 9.0);
        assert_eq!(
            eval_with("-a - -b", &[("a", 2.0), ("b", 5.0)]).unwrap(),
            3.0
        );
        assert_eq!(eval_with("abs(x) / 1e3", &[("x", -2500.0)]).unwrap(), 2.5);
        assert_eq!(
            eval_with("max(a, b, 3)", &[("a", 1.0), ("b", 2.0)]).unwrap(),
            3.0
        );
        assert_eq!(eval_with("10 - 4 - 3", &[]).unwrap(), 3.0);
        assert_eq!(eval_with("12 / 3 / 2", &[]).unwrap(), 2.0);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(
            eval_with("a / b", &[("a", 1.0), ("b", 0.0)])
                .unwrap_err()
                .to_string()
                .contains("division by zero")
        );
        assert!(
            eval_with("a + c", &[("a", 1.0)])
                .unwrap_err()
                .to_string()
                .contains("unknown input `c`")
        );
        assert!(
            Expression::parse("sqrt(2)")
                .unwrap_err()
                .to_string()
                .contains("unknown function `sqrt`")
        );
        assert!(
            Expression::parse("1 +")
                .unwrap_err()
                .to_string()
                .contains("end of the expression")
        );
        assert!(
            Expression::parse("2 % 3")
                .unwrap_err()
                .to_string()
                .contains("unexpected character `%`")
        );
        assert!(
            Expression::parse("a b")
                .unwrap_err()
                .to_string()
                .contains("unexpected name `b`")
        );
        assert!(
            Expression::parse("  ")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }
}
