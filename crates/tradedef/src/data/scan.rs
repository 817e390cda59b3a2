//! A dataset as a lazy scan of its columnar copy: polars hands the scan the columns a query uses
//! and its filter, and the scan reads only the groups of the scan key the filter can match
//! (e.g. one partner's rows of every partner's monthly trade) and only those columns.

use std::any::Any;
use std::sync::Arc;

use polars::prelude::*;

use super::cache::remake;
use super::catalog::CatalogEntry;
use super::columnar::Columnar;

/// The scan of one columnar copy.
pub(crate) struct ColumnarScan {
    entry: &'static CatalogEntry,
    copy: Arc<Columnar>,
}

impl ColumnarScan {
    /// The lazy frame of a columnar copy.
    pub(crate) fn lazy(
        entry: &'static CatalogEntry,
        copy: Arc<Columnar>,
    ) -> PolarsResult<LazyFrame> {
        let schema = Arc::clone(copy.schema());
        LazyFrame::anonymous_scan(
            Arc::new(ColumnarScan { entry, copy }),
            ScanArgsAnonymous {
                schema: Some(schema),
                name: "tradedef columnar copy",
                ..ScanArgsAnonymous::default()
            },
        )
    }

    /// The groups a filter can match: those whose key value passes every part of the filter
    /// that reads the scan key alone (`None`: every group).
    fn groups(&self, predicate: Option<&Expr>) -> PolarsResult<Option<Vec<usize>>> {
        let (Some(key), Some(predicate)) = (self.copy.scan_key(), predicate) else {
            return Ok(None);
        };
        let on_key: Vec<Expr> = conjuncts(predicate)
            .into_iter()
            .filter(|e| reads_only(e, key))
            .cloned()
            .collect();
        let Some(test) = on_key.into_iter().reduce(|a, b| a.and(b)) else {
            return Ok(None);
        };
        let keys = Series::new(
            key.into(),
            self.copy
                .groups()
                .iter()
                .map(|g| g.key.clone())
                .collect::<Vec<Option<String>>>(),
        );
        let pass = DataFrame::new_infer_height(vec![keys.into_column()])?
            .lazy()
            .select([test.alias("pass")])
            .collect()?;
        let pass = pass.column("pass")?.bool()?.clone();
        Ok(Some(
            pass.iter()
                .enumerate()
                .filter(|(_, p)| p.unwrap_or(false))
                .map(|(i, _)| i)
                .collect(),
        ))
    }
}

/// The parts of a filter joined by `and`.
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::BinaryExpr {
            left,
            op: Operator::And | Operator::LogicalAnd,
            right,
        } => {
            let mut parts = conjuncts(left);
            parts.extend(conjuncts(right));
            parts
        }
        _ => vec![e],
    }
}

/// Whether an expression reads column `key` and no other column, row by row: comparisons,
/// `and`/`or`/`not`, `is_in` a literal list, null tests, casts and conditionals of the key and literals. Such
/// an expression gives a group's rows the value it gives the group's key, so it can pick the
/// groups; anything else (an aggregation, a window, another column) is left to the filter.
fn reads_only(e: &Expr, key: &str) -> bool {
    let mut reads_key = false;
    for node in e {
        let row_by_row = match node {
            Expr::Column(name) => {
                reads_key |= name.as_str() == key;
                name.as_str() == key
            }
            Expr::Literal(_)
            | Expr::BinaryExpr { .. }
            | Expr::Cast { .. }
            | Expr::Alias(..)
            | Expr::Ternary { .. } => true,
            // the list of an `is_in`: a literal's values
            Expr::Agg(AggExpr::Implode { input, .. }) => matches!(**input, Expr::Literal(_)),
            Expr::Function { function, .. } => matches!(
                function,
                FunctionExpr::Boolean(
                    BooleanFunction::IsIn { .. }
                        | BooleanFunction::IsNull
                        | BooleanFunction::IsNotNull
                        | BooleanFunction::Not
                )
            ),
            _ => false,
        };
        if !row_by_row {
            return false;
        }
    }
    reads_key
}

impl AnonymousScan for ColumnarScan {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn scan(&self, args: AnonymousScanArgs) -> PolarsResult<DataFrame> {
        let which = self.groups(args.predicate.as_ref())?;
        // the filter may read columns the query does not return
        let columns: Option<Vec<PlSmallStr>> = args.with_columns.as_ref().map(|cols| {
            let mut c: Vec<PlSmallStr> = cols.to_vec();
            if let Some(p) = &args.predicate {
                for node in p {
                    if let Expr::Column(name) = node
                        && !c.contains(name)
                    {
                        c.push(name.clone());
                    }
                }
            }
            c
        });
        let read = |copy: &Columnar| {
            copy.read_where(
                which.as_deref(),
                columns.as_deref(),
                args.predicate.as_ref(),
            )
        };
        // a copy damaged since it was opened is made again once
        let mut frame = match read(&self.copy) {
            Ok(frame) => frame,
            Err(first) => match remake(self.entry) {
                Ok(Some(copy)) => read(&copy),
                _ => Err(first),
            }
            .map_err(|e| polars_err!(ComputeError: "{e}"))?,
        };
        if let Some(cols) = &args.with_columns {
            frame = frame.select(cols.iter().cloned())?;
        }
        if let Some(n) = args.n_rows {
            frame = frame.head(Some(n));
        }
        Ok(frame)
    }

    fn schema(&self, _infer_schema_length: Option<usize>) -> PolarsResult<SchemaRef> {
        Ok(Arc::clone(self.copy.schema()))
    }

    fn allows_predicate_pushdown(&self) -> bool {
        true
    }

    fn allows_projection_pushdown(&self) -> bool {
        true
    }
}
