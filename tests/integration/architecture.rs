//! How the files of `src/` use each other: no import cycles between them, and the ties
//! between capabilities that issue #13 cut stay cut. Reads every `src/**/*.rs` (the
//! library; not `main.rs`, the binary's own crate) and finds the files each one uses.
//!
//! What counts as "file A uses file B":
//! - a `use` of a `crate::`, `super::`, `self::` or child-module path (a `{…}` tree is
//!   expanded), and a path of that kind written in code (`crate::a::b::f(…)`, `super::X`,
//!   `uri!(super::home::dashboard)`, or `alias::f` after `use …::b as alias`); comments,
//!   doc links and string literals are not read;
//! - the path names an item of the deepest file module it reaches (`crate::a::b::C` uses
//!   `a/b.rs` or `a/b/mod.rs`; an inline module such as `b::state` is part of its file);
//! - a re-export (`pub use`, `pub(crate) use`, …) is a doorway, not a use: a path through
//!   it leads to the file that defines the item, and the re-exporting file uses the item
//!   only if its own code names it beyond the re-export. So a parent `mod.rs` that only
//!   gathers its children's items is in no cycle with them, while one whose own code calls
//!   a child that calls it back is;
//! - `mod x;` declarations are not uses, and a `#[macro_export]` macro (`crate::m!`)
//!   belongs to the file that defines it, not to `lib.rs`;
//! - one `entities/` file naming another is not counted: sea-orm describes a foreign key
//!   from both tables (`has_many` on one side needs `Related` on the other), so a relation
//!   always names both, and entities name nothing else of the crate.
//!
//! External crates (`std`, `sea_orm`, …) are not followed.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// A module path from the crate root (`["services", "petitions", "sign"]`).
type ModPath = Vec<String>;

/// One file of the crate.
struct File {
    /// Path relative to `src/`, for messages.
    name: String,
    /// Its module path.
    module: ModPath,
    /// Its code: comments and literals blanked, lines kept.
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

impl Token {
    fn ident(&self) -> Option<&str> {
        match &self.tok {
            Tok::Ident(s) => Some(s),
            _ => None,
        }
    }

    fn is(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// Blanks comments, string and character literals, keeping line breaks.
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && !b[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && {
                let start = if c == 'b' { i + 2 } else { i + 1 };
                let hashes = b[start..].iter().take_while(|h| **h == '#').count();
                b.get(start + hashes) == Some(&'"')
            }
        {
            // A raw string: r"…", r#"…"#, br#"…"#.
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = b[start..].iter().take_while(|h| **h == '#').count();
            let mut j = start + hashes + 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|h| **h == '#')
                        .count()
                        == hashes
                {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for ch in &b[i..j.min(b.len())] {
                out.push(blank(*ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{…}'), or a lifetime ('a), left alone.
            let end = if next == Some('\\') {
                b[i + 3..]
                    .iter()
                    .position(|ch| *ch == '\'')
                    .map(|p| i + 3 + p)
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn tokenize(src: &str) -> Vec<Token> {
    let code = strip(src);
    let mut tokens = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphabetic() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token {
                    tok: Tok::Ident(chars[start..i].iter().collect()),
                    line: n + 1,
                });
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                tokens.push(Token {
                    tok: Tok::Path,
                    line: n + 1,
                });
                i += 2;
            } else if c.is_whitespace() {
                i += 1;
            } else if c.is_ascii_digit() {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            } else {
                tokens.push(Token {
                    tok: Tok::Punct(c),
                    line: n + 1,
                });
                i += 1;
            }
        }
    }
    tokens
}

/// One leaf of a `use` tree: the path as written, and the name it binds.
struct UseLeaf {
    path: Vec<String>,
    name: Option<String>,
}

/// Expands a `use` tree (the tokens between `use` and `;`).
fn use_leaves(tokens: &[Token], prefix: &[String], out: &mut Vec<UseLeaf>) -> usize {
    let mut path = prefix.to_vec();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].tok {
            Tok::Ident(s) if s == "as" => {
                let alias = tokens.get(i + 1).and_then(Token::ident).map(str::to_owned);
                out.push(UseLeaf {
                    path: path.clone(),
                    name: alias.filter(|a| a != "_"),
                });
                return i + 2;
            }
            Tok::Ident(s) => {
                if s == "self" && !path.is_empty() && path.len() == prefix.len() {
                    // `{self, …}`: the prefix itself.
                } else {
                    path.push(s.clone());
                }
                i += 1;
            }
            Tok::Path => i += 1,
            Tok::Punct('{') => {
                i += 1;
                loop {
                    i += use_leaves(&tokens[i..], &path, out);
                    match tokens.get(i) {
                        Some(t) if t.is(',') => i += 1,
                        Some(t) if t.is('}') => return i + 1,
                        _ => return i,
                    }
                    if tokens.get(i).is_some_and(|t| t.is('}')) {
                        return i + 1;
                    }
                }
            }
            Tok::Punct('*') => {
                out.push(UseLeaf {
                    path: path.clone(),
                    name: None,
                });
                return i + 1;
            }
            Tok::Punct(_) => break,
        }
    }
    if !path.is_empty() {
        let name = path.last().cloned();
        out.push(UseLeaf { path, name });
    }
    i
}

/// A path found in a file, made absolute.
struct Found {
    path: ModPath,
    line: usize,
    /// Found in a re-export (`pub use`), bound to this name.
    reexport: Option<String>,
    /// The name a `use` binds (its last segment, or its alias).
    binds: Option<String>,
}

/// The crate: its files by module path, and what each re-exports.
struct Crate {
    files: Vec<File>,
    by_module: HashMap<ModPath, usize>,
    /// Per file: exported name → absolute path of the item.
    reexports: Vec<HashMap<String, ModPath>>,
    /// `#[macro_export]` macros: name → defining file.
    macros: HashMap<String, usize>,
    /// Per file: its inline modules (`mod x { … }`).
    inline: Vec<BTreeSet<String>>,
}

impl Crate {
    fn load(src: &Path) -> Self {
        let mut paths = Vec::new();
        collect(src, &mut paths);
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let rel = path.strip_prefix(src).expect("under src").to_path_buf();
            if rel == Path::new("main.rs") || rel.starts_with("bin") {
                continue;
            }
            let mut module: ModPath = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("read a source file");
            files.push(File {
                name: rel.display().to_string(),
                module,
                tokens: tokenize(&text),
            });
        }
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        let inline = files
            .iter()
            .map(|f| {
                f.tokens
                    .windows(3)
                    .filter(|w| w[0].ident() == Some("mod") && w[2].is('{'))
                    .filter_map(|w| w[1].ident().map(str::to_owned))
                    .collect()
            })
            .collect();
        let mut krate = Crate {
            reexports: vec![HashMap::new(); files.len()],
            inline,
            files,
            by_module,
            macros: HashMap::new(),
        };
        for i in 0..krate.files.len() {
            let tokens = &krate.files[i].tokens;
            for (k, t) in tokens.iter().enumerate() {
                if t.ident() == Some("macro_export")
                    && let Some(name) = tokens[k..]
                        .iter()
                        .skip_while(|t| t.ident() != Some("macro_rules"))
                        .nth(2)
                        .and_then(Token::ident)
                {
                    krate.macros.insert(name.to_owned(), i);
                }
            }
            for found in krate.scan(i) {
                if let Some(name) = found.reexport {
                    krate.reexports[i].insert(name, found.path);
                }
            }
        }
        krate
    }

    /// Whether `module` has a file of its own.
    fn is_file(&self, module: &[String]) -> bool {
        self.by_module.contains_key(module)
    }

    /// The absolute paths file `i` names, with the lines they are on.
    fn scan(&self, i: usize) -> Vec<Found> {
        let file = &self.files[i];
        let t = &file.tokens;
        let mut found = Vec::new();
        // The inline modules open around the current token, with the brace depth each
        // closes at.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut aliases: HashMap<String, ModPath> = HashMap::new();
        let module_at = |inline: &[(String, usize)]| -> ModPath {
            let mut m = file.module.clone();
            m.extend(inline.iter().map(|(n, _)| n.clone()));
            m
        };
        let mut k = 0;
        while k < t.len() {
            let tok = &t[k];
            if tok.is('{') {
                depth += 1;
            } else if tok.is('}') {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            } else if tok.ident() == Some("mod")
                && let (Some(name), Some(open)) =
                    (t.get(k + 1).and_then(Token::ident), t.get(k + 2))
                && open.is('{')
            {
                inline.push((name.to_owned(), depth));
            } else if tok.ident() == Some("use") && (k == 0 || !matches!(t[k - 1].tok, Tok::Path)) {
                let public = k >= 1
                    && (t[k - 1].ident() == Some("pub")
                        || (t[k - 1].is(')')
                            && t[..k]
                                .iter()
                                .rev()
                                .position(|x| x.is('('))
                                .is_some_and(|p| t[k - 2 - p].ident() == Some("pub"))));
                let end = t[k..]
                    .iter()
                    .position(|x| x.is(';'))
                    .map_or(t.len(), |p| k + p);
                let mut leaves = Vec::new();
                use_leaves(&t[k + 1..end], &[], &mut leaves);
                let here = module_at(&inline);
                for leaf in leaves {
                    let Some(path) = self.absolute(&here, &leaf.path, &aliases) else {
                        continue;
                    };
                    if let Some(name) = &leaf.name
                        && self.resolve(&path).1.is_empty()
                    {
                        aliases.insert(name.clone(), path.clone());
                    }
                    found.push(Found {
                        path,
                        line: tok.line,
                        reexport: if public && inline.is_empty() {
                            leaf.name.clone()
                        } else {
                            None
                        },
                        binds: leaf.name,
                    });
                }
                k = end;
                continue;
            } else if let Some(first) = tok.ident()
                && first != "Self"
                && t.get(k + 1).is_some_and(|x| x.tok == Tok::Path)
                && (k == 0 || t[k - 1].tok != Tok::Path)
            {
                let mut path = vec![first.to_owned()];
                let mut j = k + 1;
                while t.get(j).is_some_and(|x| x.tok == Tok::Path) {
                    match t.get(j + 1).and_then(Token::ident) {
                        Some(s) => {
                            path.push(s.to_owned());
                            j += 2;
                        }
                        None => break,
                    }
                }
                let here = module_at(&inline);
                if let Some(abs) = self.absolute(&here, &path, &aliases) {
                    found.push(Found {
                        path: abs,
                        line: tok.line,
                        reexport: None,
                        binds: None,
                    });
                }
                k = j;
                continue;
            }
            k += 1;
        }
        found
    }

    /// `path` as written in module `here`, made absolute; `None` for external crates and
    /// names that are not modules of this crate.
    fn absolute(
        &self,
        here: &[String],
        path: &[String],
        aliases: &HashMap<String, ModPath>,
    ) -> Option<ModPath> {
        let (first, rest) = path.split_first()?;
        let mut base: ModPath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => here.to_vec(),
            "super" => {
                let mut b = here.to_vec();
                b.pop()?;
                b
            }
            name if aliases.contains_key(name) => aliases[name].clone(),
            name => {
                let mut child = here.to_vec();
                child.push(name.to_owned());
                if self.is_file(&child) || self.inline_module(&child) {
                    child
                } else {
                    return None;
                }
            }
        };
        let mut rest = rest.iter().peekable();
        while rest.peek().is_some_and(|s| *s == "super") {
            base.pop()?;
            rest.next();
        }
        base.extend(rest.cloned());
        Some(base)
    }

    /// Whether `module` is an inline module (`mod x { … }`) inside a file.
    fn inline_module(&self, module: &[String]) -> bool {
        let (file, rest) = self.resolve(module);
        rest.len() == 1 && self.inline[file].contains(&rest[0])
    }

    /// The deepest file `path` reaches, and what is left of it.
    fn resolve<'p>(&self, path: &'p [String]) -> (usize, &'p [String]) {
        (0..=path.len())
            .rev()
            .find_map(|k| self.by_module.get(&path[..k]).map(|f| (*f, &path[k..])))
            .expect("lib.rs is the root")
    }

    /// The file that defines what `path` names, following re-exports.
    fn target(&self, path: &[String]) -> usize {
        let mut path = path.to_vec();
        for _ in 0..16 {
            let (file, rest) = self.resolve(&path);
            let Some(name) = rest.first() else {
                return file;
            };
            if self.files[file].module.is_empty()
                && let Some(m) = self.macros.get(name)
            {
                return *m;
            }
            match self.reexports[file].get(name) {
                Some(source) if *source != path => {
                    let mut next = source.clone();
                    next.extend(rest[1..].iter().cloned());
                    path = next;
                }
                _ => return file,
            }
        }
        panic!("re-exports of {} go round in circles", path.join("::"));
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Edges between files: user → (used → first line that uses it).
type Graph = Vec<BTreeMap<usize, usize>>;

fn graph(krate: &Crate) -> Graph {
    let mut graph: Graph = vec![BTreeMap::new(); krate.files.len()];
    for (i, file) in krate.files.iter().enumerate() {
        let found = krate.scan(i);
        // Names the file's own code uses (re-exported names count as used only then).
        let mut named: BTreeSet<&str> = BTreeSet::new();
        let mut in_use = false;
        let mut declared = false;
        for t in &file.tokens {
            match t.ident() {
                Some("use") => in_use = true,
                Some("mod") => declared = true,
                Some(_) if declared => declared = false,
                Some(s) if !in_use => {
                    named.insert(s);
                }
                _ if t.is(';') => in_use = false,
                _ => {}
            }
        }
        for f in found {
            if f.reexport.is_some() && !f.binds.as_deref().is_some_and(|n| named.contains(n)) {
                continue;
            }
            let to = krate.target(&f.path);
            let entities = |f: usize| krate.files[f].name.starts_with("entities/");
            if to != i && !(entities(i) && entities(to)) {
                graph[i].entry(to).or_insert(f.line);
            }
        }
    }
    graph
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(graph: &Graph) -> Vec<Vec<usize>> {
    struct State<'g> {
        graph: &'g Graph,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in s.graph[v].keys() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut scc = Vec::new();
            loop {
                let w = s.stack.pop().expect("on the stack");
                s.on_stack[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort_unstable();
                s.out.push(scc);
            }
        }
    }
    let n = graph.len();
    let mut s = State {
        graph,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

/// A shortest circle through `start` inside `members`.
fn circle(graph: &Graph, members: &[usize], start: usize) -> Vec<usize> {
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in graph[v].keys() {
            if !members.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                while let Some(p) = prev.get(path.last().expect("non-empty")) {
                    path.push(*p);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// What is wrong: one paragraph per cycle, empty when there is none.
fn report(src: &Path) -> Vec<String> {
    let krate = Crate::load(src);
    let graph = graph(&krate);
    cycles(&graph)
        .into_iter()
        .map(|scc| {
            let files: Vec<&str> = scc.iter().map(|f| krate.files[*f].name.as_str()).collect();
            let path = circle(&graph, &scc, scc[0]);
            let steps: Vec<String> = path
                .iter()
                .zip(path.iter().cycle().skip(1))
                .map(|(a, b)| {
                    format!(
                        "  {}:{} uses {}",
                        krate.files[*a].name, graph[*a][b], krate.files[*b].name
                    )
                })
                .collect();
            format!(
                "files that use each other: {}\n{}",
                files.join(", "),
                steps.join("\n")
            )
        })
        .collect()
}

#[test]
fn no_file_of_the_crate_imports_itself_round_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = report(&src);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Files under `from` that use files under `to` (prefixes of paths under `src/`), as
/// `file:line uses file`.
fn uses_across(krate: &Crate, graph: &Graph, from: &str, to: &str) -> Vec<String> {
    let name = |f: usize| krate.files[f].name.as_str();
    graph
        .iter()
        .enumerate()
        .filter(|(a, _)| name(*a).starts_with(from))
        .flat_map(|(a, used)| {
            used.iter()
                .filter(|(b, _)| name(**b).starts_with(to))
                .map(move |(b, line)| format!("{}:{line} uses {}", name(a), name(*b)))
        })
        .collect()
}

/// The ties issue #13 cut: the context holds platform state and names no capability nor
/// the outbox; the outbox is lent what it uses instead of the context; staff runs no
/// contact code (the four-eyes dispatch in `services/approvals.rs` does); and contact
/// takes the people vocabulary from `domain::people`, nothing from petitions.
#[test]
fn the_context_the_outbox_and_the_capabilities_keep_to_their_own() {
    let krate = Crate::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let graph = graph(&krate);
    let mut problems = Vec::new();
    for (from, to) in [
        ("context.rs", "services/"),
        ("context.rs", "mail/outbox.rs"),
        ("mail/outbox.rs", "context.rs"),
        ("services/staff/", "services/contact/"),
    ] {
        problems.extend(uses_across(&krate, &graph, from, to));
    }
    for from in ["domain/contact/", "services/contact/", "routes/contact/"] {
        for to in [
            "domain/petitions/",
            "services/petitions/",
            "routes/petitions/",
        ] {
            problems.extend(uses_across(&krate, &graph, from, to));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_sees_a_circle_through_a_module_and_not_through_a_re_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("lib.rs", "pub mod a;\npub mod b;\npub mod hub;\n");
    // A gathering `mod.rs`: children use each other's items through it.
    write(
        "hub/mod.rs",
        "mod x;\nmod y;\npub use x::X;\npub use y::{Y, make};\n",
    );
    write(
        "hub/x.rs",
        "// crate::a::f is only mentioned\npub struct X(pub super::Y);\n",
    );
    write("hub/y.rs", "pub struct Y;\npub fn make() -> Y { Y }\n");
    write("a.rs", "use crate::hub::X;\npub fn f(_: X) {}\n");
    write(
        "b.rs",
        "pub fn g() { let s = \"crate::a::f\"; let _ = s; }\n",
    );
    // Two entities of one relation.
    write("entities/mod.rs", "pub mod p;\npub mod q;\n");
    write(
        "entities/p.rs",
        "impl Related<super::q::Entity> for Entity {}\n",
    );
    write(
        "entities/q.rs",
        "impl Related<super::p::Entity> for Entity {}\n",
    );
    std::fs::write(
        src.join("lib.rs"),
        "pub mod a;\npub mod b;\npub mod entities;\npub mod hub;\n",
    )
    .expect("write");
    assert!(report(src).is_empty(), "{:?}", report(src));
    // Now y calls into a, which uses x, which uses y.
    write(
        "hub/y.rs",
        "pub struct Y;\npub fn make() -> Y { let _ = crate::a::f; Y }\n",
    );
    let problems = report(src);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("a.rs, hub/x.rs, hub/y.rs"),
        "{}",
        problems[0]
    );
    // Through an alias instead, from b: b → hub/y → a → hub/x → hub/y, b outside.
    write("hub/y.rs", "pub struct Y;\npub fn make() -> Y { Y }\n");
    write(
        "b.rs",
        "use crate::hub as h;\npub fn g() -> h::Y { h::make() }\n",
    );
    write(
        "a.rs",
        "use crate::hub::X;\npub fn f(_: X) { crate::b::g(); }\n",
    );
    let problems = report(src);
    assert_eq!(problems.len(), 0, "{problems:?}");
    write(
        "hub/y.rs",
        "pub struct Y;\npub fn make() -> Y { crate::b::g() }\n",
    );
    let problems = report(src);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("b.rs, hub/y.rs"), "{}", problems[0]);
}
