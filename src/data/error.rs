use std::path::PathBuf;

/// Errors of the data layer. Every variant names what went wrong in words a user understands.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{file}: line {line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    /// A cell of a table: `MARA.csv: line 57, column 5 (Close): 'n/a' is not a price`.
    #[error("{file}: line {line}, column {column} ({name}): {message}")]
    Field {
        file: String,
        line: usize,
        /// 1-based position of the column in the row.
        column: usize,
        /// The column's header name.
        name: String,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    /// Day and month could be either way round and nothing in the file decides it.
    #[error(
        "{file}: line {line}, column {column} ({name}): '{example}' could be month/day (US) or \
         day/month, and nothing in the file decides it (no day above 12, and the dates are not \
         days apart read one way only); import it again with --date-order mdy (month first) or \
         --date-order dmy (day first), or pick the date order in the import summary"
    )]
    AmbiguousDates {
        file: String,
        line: usize,
        column: usize,
        name: String,
        example: String,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("column '{column}' {problem}")]
    Column { column: String, problem: String },
    #[error("no prices for {0}")]
    UnknownSymbol(String),
    #[error("data frame error: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

impl DataError {
    /// A problem with a whole file: `MARA.csv: no date column`.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        DataError::File {
            file: file.into(),
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DataError::Io {
            path: path.into(),
            source,
        }
    }
}
