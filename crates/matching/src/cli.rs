//! `peyvand names rank`: ranks a file of candidate names for each name in a file of
//! queries and prints `query<TAB>rank<TAB>candidate<TAB>score` lines, so matching quality
//! can be measured on any list of names.

use super::index::NameRanker;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why `names rank` could not run. The messages name the file and the problem, never
/// the file's contents.
#[derive(Debug)]
pub enum RankError {
    /// A file could not be read (missing, a directory, no permission…).
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A file is not UTF-8 text.
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// A file holds no names.
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// `--top` was 0.
    ZeroTop,
    /// Writing the output failed.
    Write(io::Error),
}

impl fmt::Display for RankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RankError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            RankError::NotUtf8 { path, line } => write!(
                f,
                "{} is not UTF-8 text (first invalid byte on line {line})",
                path.display()
            ),
            RankError::Empty { path } => {
                write!(f, "{} holds no names (one name per line)", path.display())
            }
            RankError::ZeroTop => write!(f, "--top must be at least 1"),
            RankError::Write(e) => write!(f, "cannot write the results: {e}"),
        }
    }
}

impl std::error::Error for RankError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RankError::Read { source, .. } | RankError::Write(source) => Some(source),
            _ => None,
        }
    }
}

/// Reads one name per line: UTF-8 (a leading byte-order mark is ignored), CR LF or LF,
/// surrounding white space trimmed, blank lines skipped.
pub fn read_names(path: &Path) -> Result<Vec<String>, RankError> {
    let bytes = std::fs::read(path).map_err(|source| RankError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        RankError::NotUtf8 {
            path: path.to_owned(),
            line,
        }
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let names: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Err(RankError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(names)
}

fn clean(field: &str) -> String {
    field.replace(['\t', '\r', '\n'], " ")
}

/// Runs `peyvand names rank --candidates FILE --queries FILE --top K`: for each query,
/// in file order, writes up to `top` lines `query<TAB>rank<TAB>candidate<TAB>score`
/// (rank from 1, score with four decimals). A query sharing no key with any candidate
/// gets no lines.
pub fn run_rank_cli(
    candidates_path: &Path,
    queries_path: &Path,
    top: usize,
    out: &mut impl Write,
) -> Result<(), RankError> {
    if top == 0 {
        return Err(RankError::ZeroTop);
    }
    let candidates = read_names(candidates_path)?;
    let queries = read_names(queries_path)?;
    let ranker = NameRanker::new(&candidates);
    let mut buffered = io::BufWriter::new(out);
    for query in &queries {
        let q = clean(query);
        for (rank, (candidate, score)) in ranker.rank(query, top).into_iter().enumerate() {
            writeln!(
                buffered,
                "{q}\t{}\t{}\t{score:.4}",
                rank + 1,
                clean(&candidate)
            )
            .map_err(RankError::Write)?;
        }
    }
    buffered.flush().map_err(RankError::Write)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("peyvand-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn prints_tab_separated_ranks() {
        let c = temp_file(
            "c1.txt",
            "\u{FEFF}Hassan\r\nHossein\n\nMohammad\nZahra\n".as_bytes(),
        );
        let q = temp_file("q1.txt", "حسن\nMuhammad\n".as_bytes());
        let mut out = Vec::new();
        run_rank_cli(&c, &q, 2, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("حسن\t1\tHassan\t"), "{text}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Muhammad\t1\tMohammad\t")),
            "{text}"
        );
        assert!(lines.iter().all(|l| l.split('\t').count() == 4));
    }

    #[test]
    fn clear_errors() {
        let good = temp_file("good.txt", b"Ali\n");
        let missing = std::env::temp_dir().join("peyvand-names-does-not-exist.txt");
        let err = run_rank_cli(&missing, &good, 5, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().starts_with("cannot read "), "{err}");
        let latin1 = temp_file("latin1.txt", b"Ali\nJos\xe9\n");
        let err = run_rank_cli(&good, &latin1, 5, &mut Vec::new()).unwrap_err();
        assert!(
            err.to_string()
                .contains("not UTF-8 text (first invalid byte on line 2)"),
            "{err}"
        );
        let empty = temp_file("empty.txt", b"\n \n");
        let err = run_rank_cli(&empty, &good, 5, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("holds no names"), "{err}");
        let err = run_rank_cli(&good, &good, 0, &mut Vec::new()).unwrap_err();
        assert_eq!(err.to_string(), "--top must be at least 1");
        let dir = std::env::temp_dir();
        assert!(run_rank_cli(&dir, &good, 5, &mut Vec::new()).is_err());
    }
}
