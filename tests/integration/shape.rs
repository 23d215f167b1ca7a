//! The size rules of the layout (issue #13, `docs/CONVENTIONS.md`): no Rust file of the
//! crate over 800 lines, and no folder of `src/` with more than 12 Rust files of its own
//! (`entities/` excepted: one file per table). A merge that grows a file or a folder past
//! them fails here, so the split happens when the code is written, not rounds later.

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 800;
const MAX_FILES: usize = 12;

fn walk(dir: &Path, dirs: &mut Vec<PathBuf>) {
    dirs.push(dir.to_path_buf());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, dirs);
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder of src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files
}

fn src_dirs() -> (PathBuf, Vec<PathBuf>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = Vec::new();
    walk(&src, &mut dirs);
    (src, dirs)
}

#[test]
fn no_rust_file_of_the_crate_is_over_800_lines() {
    let (src, dirs) = src_dirs();
    let mut long = Vec::new();
    for d in &dirs {
        for f in rust_files(d) {
            let lines = std::fs::read_to_string(&f)
                .expect("readable")
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!(
                    "{} ({lines} lines)",
                    f.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split along their seams: {}",
        long.join(", ")
    );
}

#[test]
fn no_folder_of_the_crate_holds_more_than_12_rust_files() {
    let (src, dirs) = src_dirs();
    let crowded: Vec<String> = dirs
        .iter()
        .filter(|d| !d.ends_with("entities"))
        .filter_map(|d| {
            let n = rust_files(d).len();
            (n > MAX_FILES).then(|| {
                format!(
                    "src/{} ({n} files)",
                    d.strip_prefix(&src).unwrap().display()
                )
            })
        })
        .collect();
    assert!(
        crowded.is_empty(),
        "give these a second level of folders: {}",
        crowded.join(", ")
    );
}
