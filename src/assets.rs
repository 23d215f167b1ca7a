//! The portal's templates and static files: compiled into the binary (so a copied or
//! `cargo install`ed binary serves the portal from anywhere), read from the source tree
//! instead by a debug build that still finds it (templates edited there show without a
//! rebuild), and replaced file by file by an organisation's own override directory
//! (`override_dir`: its `templates/` and `static/` folders mirror the built-in ones).
//! Translations are compiled in by [`crate::i18n`]. Served from the compiled-in copy, each
//! static file also has a fingerprinted name (`css/app.<hash>.css`, [`Fingerprints`]) that
//! pages link to and browsers may keep for a year.

use sha2::Digest;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

#[derive(rust_embed::Embed)]
#[folder = "templates/"]
struct EmbeddedTemplates;

#[derive(rust_embed::Embed)]
#[folder = "static/"]
struct EmbeddedStatic;

/// Where the built-in templates and static files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// Compiled into the binary.
    Embedded,
    /// The source tree the binary was built from (debug builds, when it exists).
    SourceTree(PathBuf),
}

/// An override directory that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    /// Missing, or not a directory.
    #[error(
        "override_dir {0} does not exist or is not a directory (set by override_dir or PEYVAND_OVERRIDE_DIR)"
    )]
    NotADirectory(PathBuf),
    /// It holds neither `templates/` nor `static/`.
    #[error(
        "override_dir {0} holds neither a templates/ nor a static/ folder; put the files that replace the built-in ones there, under the same names"
    )]
    Empty(PathBuf),
    /// A folder or file of it cannot be read.
    #[error("override_dir: cannot read {0}: {1}")]
    Unreadable(PathBuf, std::io::Error),
    /// A template does not parse.
    #[error("template {0}: {1}")]
    Template(String, String),
}

/// One template file: its path below `templates/` (`petitions/public.html.hbs`) and text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Path relative to the templates folder, with `/` separators.
    pub path: String,
    /// The template's text.
    pub text: String,
}

/// Where a static file was found.
#[derive(Debug)]
pub enum StaticFile {
    /// On disk (override directory or source tree).
    Disk(PathBuf),
    /// Compiled in.
    Embedded(Cow<'static, [u8]>),
}

/// The templates and static files this process serves.
#[derive(Debug, Clone)]
pub struct Assets {
    base: Base,
    override_dir: Option<PathBuf>,
    fingerprints: Arc<Fingerprints>,
}

/// The static files' fingerprinted names: `css/app.css` is linked as
/// `css/app.<first 16 hex digits of its SHA-256>.css`, so a changed file gets a new name and
/// the old one may be cached for good. A stylesheet's own links to other static files
/// (its fonts) are fingerprinted too, and its name is the hash of what it then says.
/// Computed once at start-up, only for the compiled-in files (with the override
/// directory's in their place); a source tree read at each request is not fingerprinted.
#[derive(Debug, Default)]
pub struct Fingerprints {
    /// Path → fingerprinted path.
    names: HashMap<String, String>,
    /// Fingerprinted path → the bytes served under it.
    files: HashMap<String, Cow<'static, [u8]>>,
}

impl Fingerprints {
    fn compute(assets: &Assets) -> Result<Self, AssetsError> {
        let mut paths: Vec<String> = EmbeddedStatic::iter().map(Cow::into_owned).collect();
        if let Some(dir) = assets.override_dir.as_deref().map(|d| d.join("static"))
            && dir.is_dir()
        {
            for file in walk(&dir)? {
                paths.push(relative(&dir, &file));
            }
        }
        paths.sort();
        paths.dedup();
        let read = |path: &str| -> Result<Cow<'static, [u8]>, AssetsError> {
            match assets.static_file(Path::new(path)) {
                Some(StaticFile::Embedded(bytes)) => Ok(bytes),
                Some(StaticFile::Disk(file)) => std::fs::read(&file)
                    .map(Cow::Owned)
                    .map_err(|e| AssetsError::Unreadable(file, e)),
                None => Ok(Cow::Borrowed(&[])),
            }
        };
        let mut out = Self::default();
        let (sheets, others): (Vec<_>, Vec<_>) =
            paths.into_iter().partition(|p| p.ends_with(".css"));
        for path in others {
            let bytes = read(&path)?;
            out.add(path, bytes);
        }
        for path in sheets {
            let bytes = read(&path)?;
            let text = String::from_utf8_lossy(&bytes);
            let linked = out.rewrite_links(&text);
            out.add(path, Cow::Owned(linked.into_bytes()));
        }
        Ok(out)
    }

    fn add(&mut self, path: String, bytes: Cow<'static, [u8]>) {
        let hash = hex::encode(&sha2::Sha256::digest(&bytes)[..8]);
        let (dir, name) = path
            .rsplit_once('/')
            .map_or(("", path.as_str()), |(d, n)| (d, n));
        let named = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
            _ => format!("{name}.{hash}"),
        };
        let fingerprinted = if dir.is_empty() {
            named
        } else {
            format!("{dir}/{named}")
        };
        self.files.insert(fingerprinted.clone(), bytes);
        self.names.insert(path, fingerprinted);
    }

    /// `text` with every `/static/<path>` of a fingerprinted file in its fingerprinted form.
    fn rewrite_links(&self, text: &str) -> String {
        const PREFIX: &str = "/static/";
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find(PREFIX) {
            let (before, after) = rest.split_at(i + PREFIX.len());
            out.push_str(before);
            let end = after
                .find(|c: char| c == '"' || c == '\'' || c == ')' || c.is_whitespace())
                .unwrap_or(after.len());
            let (path, tail) = after.split_at(end);
            out.push_str(self.names.get(path).map_or(path, String::as_str));
            rest = tail;
        }
        out.push_str(rest);
        out
    }
}

/// The source tree's folder `name`, for debug builds that still have it.
fn source_tree() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    (cfg!(debug_assertions) && dir.join("templates").is_dir() && dir.join("static").is_dir())
        .then_some(dir)
}

impl Assets {
    /// The built-in files (the source tree in a debug build that finds it, unless
    /// `compiled_in` — the release profile always serves the compiled-in copy — else the
    /// compiled-in copy), with `override_dir`'s files in their place where it has them.
    ///
    /// # Errors
    /// An override directory that is missing, not a directory, unreadable or empty.
    pub fn new(override_dir: Option<PathBuf>, compiled_in: bool) -> Result<Self, AssetsError> {
        let base = source_tree()
            .filter(|_| !compiled_in)
            .map_or(Base::Embedded, Base::SourceTree);
        Self::with_base(base, override_dir)
    }

    /// As [`Assets::new`] with the base chosen by the caller.
    ///
    /// # Errors
    /// As [`Assets::new`].
    pub fn with_base(base: Base, override_dir: Option<PathBuf>) -> Result<Self, AssetsError> {
        if let Some(dir) = &override_dir {
            if !dir.is_dir() {
                return Err(AssetsError::NotADirectory(dir.clone()));
            }
            std::fs::read_dir(dir).map_err(|e| AssetsError::Unreadable(dir.clone(), e))?;
            let (templates, statics) = (dir.join("templates"), dir.join("static"));
            if !templates.is_dir() && !statics.is_dir() {
                return Err(AssetsError::Empty(dir.clone()));
            }
            // Every file must be readable now, not at the first request for it.
            for sub in [templates, statics] {
                if sub.is_dir() {
                    for file in walk(&sub)? {
                        std::fs::File::open(&file).map_err(|e| AssetsError::Unreadable(file, e))?;
                    }
                }
            }
        }
        let mut assets = Self {
            base,
            override_dir,
            fingerprints: Arc::default(),
        };
        if assets.base == Base::Embedded {
            assets.fingerprints = Arc::new(Fingerprints::compute(&assets)?);
        }
        Ok(assets)
    }

    /// The address a page links a static file by: `/static/<fingerprinted path>` when it
    /// has one, else `/static/<path>`.
    #[must_use]
    pub fn static_url(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        let path = path.strip_prefix("static/").unwrap_or(path);
        format!(
            "/static/{}",
            self.fingerprints
                .names
                .get(path)
                .map_or(path, String::as_str)
        )
    }

    /// The bytes served under a fingerprinted path, if `path` is one.
    #[must_use]
    pub fn fingerprinted(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        self.fingerprints.files.get(path).cloned()
    }

    /// Where the built-in files come from.
    #[must_use]
    pub fn base(&self) -> &Base {
        &self.base
    }

    /// The override directory, if one is set.
    #[must_use]
    pub fn override_dir(&self) -> Option<&Path> {
        self.override_dir.as_deref()
    }

    /// Every template, the override's in place of the built-in one of the same path,
    /// sorted by path.
    ///
    /// # Errors
    /// A file that cannot be read or is not UTF-8.
    pub fn templates(&self) -> Result<Vec<TemplateFile>, AssetsError> {
        let mut files = std::collections::BTreeMap::new();
        match &self.base {
            Base::Embedded => {
                for path in EmbeddedTemplates::iter() {
                    if let Some(file) = EmbeddedTemplates::get(&path) {
                        let text = String::from_utf8(file.data.into_owned())
                            .map_err(|e| AssetsError::Template(path.to_string(), e.to_string()))?;
                        files.insert(path.into_owned(), text);
                    }
                }
            }
            Base::SourceTree(root) => read_tree(&root.join("templates"), &mut files)?,
        }
        if let Some(dir) = &self.override_dir {
            let dir = dir.join("templates");
            if dir.is_dir() {
                read_tree(&dir, &mut files)?;
            }
        }
        Ok(files
            .into_iter()
            .filter(|(path, _)| path.ends_with(".hbs"))
            .map(|(path, text)| TemplateFile { path, text })
            .collect())
    }

    /// The static file at `path` (relative, without `..` or hidden parts), the override's
    /// first.
    #[must_use]
    pub fn static_file(&self, path: &Path) -> Option<StaticFile> {
        if path
            .components()
            .any(|c| !matches!(c, Component::Normal(s) if !s.to_string_lossy().starts_with('.')))
        {
            return None;
        }
        let on_disk = |root: &Path| {
            let file = root.join("static").join(path);
            file.is_file().then_some(StaticFile::Disk(file))
        };
        if let Some(found) = self.override_dir.as_deref().and_then(on_disk) {
            return Some(found);
        }
        match &self.base {
            Base::SourceTree(root) => on_disk(root),
            Base::Embedded => {
                let key = path.to_str()?;
                EmbeddedStatic::get(key).map(|f| StaticFile::Embedded(f.data))
            }
        }
    }

    /// The folder the template engine watches for changes in a debug build (and scans at
    /// start): the source tree's or the override's templates. With neither, the binary
    /// itself, a file that holds no template and changes only when it is rebuilt (or, where
    /// the binary cannot name itself — a root file system without `/proc` — an empty
    /// folder of its own under the temporary directory).
    #[must_use]
    pub fn template_watch_path(&self) -> PathBuf {
        if let Base::SourceTree(root) = &self.base {
            return root.join("templates");
        }
        if let Some(dir) = self.override_dir.as_deref().map(|d| d.join("templates"))
            && dir.is_dir()
        {
            return dir;
        }
        std::env::current_exe()
            .ok()
            .filter(|exe| exe.is_file())
            .unwrap_or_else(|| {
                let empty = std::env::temp_dir().join("peyvand-no-templates");
                // If even this fails, the template engine names the folder at start-up.
                let _ = std::fs::create_dir_all(&empty);
                empty
            })
    }

    /// Registers the page templates (all but `email/`) in `reg`: `layout.html.hbs` as the
    /// partial `layout` and as the page `layout.html`. Pages are rendered by their name
    /// with the extension ([`page_name`]), which is how the template engine knows their
    /// content type without a file on disk; partials are named without it.
    ///
    /// # Errors
    /// A template that cannot be read or does not parse, named.
    pub fn register_pages(&self, reg: &mut handlebars::Handlebars<'_>) -> Result<(), AssetsError> {
        for file in self.templates()? {
            if file.path.starts_with("email/") {
                continue;
            }
            let full = file.path.trim_end_matches(".hbs");
            let short = full.rsplit_once('.').map_or(full, |(stem, _)| stem);
            for name in [short, full] {
                reg.register_template_string(name, &file.text)
                    .map_err(|e| AssetsError::Template(file.path.clone(), e.to_string()))?;
            }
        }
        Ok(())
    }

    /// Registers the `static` helper: `{{static "css/app.css"}}` is [`Assets::static_url`].
    pub fn register_static_helper(&self, reg: &mut handlebars::Handlebars<'_>) {
        let assets = self.clone();
        reg.register_helper(
            "static",
            Box::new(
                move |h: &handlebars::Helper<'_>,
                      _: &handlebars::Handlebars<'_>,
                      _: &handlebars::Context,
                      _: &mut handlebars::RenderContext<'_, '_>,
                      out: &mut dyn handlebars::Output|
                      -> handlebars::HelperResult {
                    let path = h.param(0).and_then(|v| v.value().as_str()).ok_or_else(|| {
                        handlebars::RenderErrorReason::ParamNotFoundForIndex("static", 0)
                    })?;
                    out.write(&assets.static_url(path))?;
                    Ok(())
                },
            ),
        );
    }

    /// Parses every page template once, so a broken override stops start-up with the
    /// file's name.
    ///
    /// # Errors
    /// As [`Assets::register_pages`].
    pub fn check_pages(&self) -> Result<(), AssetsError> {
        let mut reg = handlebars::Handlebars::new();
        self.register_static_helper(&mut reg);
        self.register_pages(&mut reg)
    }
}

/// The name a page template `name` (`petitions/public`) is rendered by.
#[must_use]
pub fn page_name(name: &str) -> String {
    format!("{name}.html")
}

/// Every file below `dir`, recursively (hidden entries skipped).
fn walk(dir: &Path) -> Result<Vec<PathBuf>, AssetsError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| AssetsError::Unreadable(d.clone(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| AssetsError::Unreadable(d.clone(), e))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// `path` below `dir`, with `/` separators.
fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads every file below `dir` into `files`, keyed by its `/`-separated relative path.
fn read_tree(
    dir: &Path,
    files: &mut std::collections::BTreeMap<String, String>,
) -> Result<(), AssetsError> {
    for path in walk(dir)? {
        let rel = relative(dir, &path);
        let text =
            std::fs::read_to_string(&path).map_err(|e| AssetsError::Unreadable(path.clone(), e))?;
        files.insert(rel, text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn the_compiled_in_files_are_the_source_trees_byte_for_byte() {
        let embedded = Assets::with_base(Base::Embedded, None).unwrap();
        let disk = Assets::with_base(Base::SourceTree(source()), None).unwrap();
        let (e, d) = (embedded.templates().unwrap(), disk.templates().unwrap());
        assert_eq!(e.len(), d.len());
        assert!(e.len() > 50, "{}", e.len());
        for (a, b) in e.iter().zip(&d) {
            assert_eq!((&a.path, &a.text), (&b.path, &b.text));
        }
        for file in walk(&source().join("static")).unwrap() {
            let rel = file.strip_prefix(source().join("static")).unwrap();
            let Some(StaticFile::Embedded(bytes)) = embedded.static_file(rel) else {
                panic!("{} is not compiled in", rel.display());
            };
            assert_eq!(&*bytes, std::fs::read(&file).unwrap().as_slice());
        }
    }

    #[test]
    fn an_override_replaces_files_by_name_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        assert!(matches!(
            Assets::with_base(Base::Embedded, Some(missing)),
            Err(AssetsError::NotADirectory(_))
        ));
        assert!(matches!(
            Assets::with_base(Base::Embedded, Some(dir.path().into())),
            Err(AssetsError::Empty(_))
        ));
        std::fs::create_dir_all(dir.path().join("static/css")).unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("static/css/app.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("templates/home.html.hbs"), "mine").unwrap();
        let a = Assets::with_base(Base::Embedded, Some(dir.path().into())).unwrap();
        assert!(matches!(
            a.static_file(Path::new("css/app.css")),
            Some(StaticFile::Disk(_))
        ));
        assert!(matches!(
            a.static_file(Path::new("favicon.svg")),
            Some(StaticFile::Embedded(_))
        ));
        assert!(a.static_file(Path::new("../Cargo.toml")).is_none());
        let home = a.templates().unwrap();
        let home = home.iter().find(|t| t.path == "home.html.hbs").unwrap();
        assert_eq!(home.text, "mine");
        std::fs::write(dir.path().join("templates/home.html.hbs"), "{{#if}").unwrap();
        let e = a.check_pages().unwrap_err().to_string();
        assert!(e.contains("home.html.hbs"), "{e}");
    }
}
