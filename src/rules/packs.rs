//! Resolving a pack and the chain of packs it includes into rule files, in load order.
//!
//! A pack is a folder of TOML files; its `pack.toml` names the packs it builds on
//! (`include = ["common"]`). The chain is resolved depth first, in the order written: a pack's
//! includes load before its own files, each pack loads once, and a pack that includes itself
//! (directly or through others) or an unknown pack is an error at the include. Where the files of
//! a pack come from is a [`PackReader`]'s business: [`Builtin`] reads the packs embedded in the
//! binary; the binary's disk reader reads folders and falls back to the built-in packs.

use std::collections::HashSet;

use include_dir::{Dir, include_dir};
use toml::Spanned;

use super::{RuleError, Source};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The files of one pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Names the pack uniquely among all a reader can find (a built-in name, a folder's path).
    pub key: String,
    /// The pack's TOML files, sorted, `pack.toml` among them when it has one.
    pub files: Vec<Source>,
}

/// Where the files of a pack come from.
pub trait PackReader {
    /// The pack that `name` names, as written in an include of the pack keyed `from`, or as a
    /// profile when `from` is `None`. `Ok(None)` when there is no such pack.
    fn read(&self, name: &str, from: Option<&str>) -> Result<Option<Pack>, RuleError>;
}

/// The packs embedded in the binary (`rules/<pack>/`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

impl PackReader for Builtin {
    fn read(&self, name: &str, _from: Option<&str>) -> Result<Option<Pack>, RuleError> {
        Ok(builtin_pack(name))
    }
}

/// The built-in pack `name`, if there is one.
pub fn builtin_pack(name: &str) -> Option<Pack> {
    if name.is_empty() || name.contains(['/', '\\', '.']) {
        return None;
    }
    let dir = BUILTIN.get_dir(name)?;
    dir.get_file(dir.path().join("pack.toml"))?;
    let mut files: Vec<_> = dir
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path().to_path_buf());
    Some(Pack {
        key: name.to_string(),
        files: files
            .into_iter()
            .map(|f| Source {
                path: format!("rules/{}", f.path().display()),
                text: f.contents_utf8().unwrap_or_default().to_string(),
            })
            .collect(),
    })
}

/// The text of the built-in file at `rel` (a path under `rules/`, `/` between folders).
pub(crate) fn builtin_text(rel: &str) -> Option<&'static str> {
    BUILTIN.get_file(rel)?.contents_utf8()
}

/// The names of the built-in packs, sorted.
pub fn builtin_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = BUILTIN
        .dirs()
        .filter(|d| d.get_file(d.path().join("pack.toml")).is_some())
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect();
    v.sort();
    v
}

/// Whether a source is its pack's manifest.
pub fn is_manifest(path: &str) -> bool {
    path == "pack.toml" || path.ends_with("/pack.toml") || path.ends_with("\\pack.toml")
}

#[derive(serde::Deserialize)]
struct Manifest {
    pack: Option<ManifestPack>,
}

#[derive(serde::Deserialize)]
struct ManifestPack {
    #[serde(default)]
    include: Vec<Spanned<String>>,
}

/// A chain of packs being resolved: roots are added in order and share the packs already loaded.
pub struct Chain<'r> {
    reader: &'r dyn PackReader,
    loaded: HashSet<String>,
    /// The packs being resolved, outermost first, for the cycle message.
    stack: Vec<String>,
    sources: Vec<Source>,
}

impl<'r> Chain<'r> {
    pub fn new(reader: &'r dyn PackReader) -> Self {
        Self {
            reader,
            loaded: HashSet::new(),
            stack: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Adds the pack `name` and everything it includes; `Ok(false)` when there is no such pack.
    pub fn add(&mut self, name: &str) -> Result<bool, RuleError> {
        match self.reader.read(name, None)? {
            Some(pack) => {
                self.add_pack(pack)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The rule files of every pack added, each pack after the packs it includes.
    pub fn into_sources(self) -> Vec<Source> {
        self.sources
    }

    fn add_pack(&mut self, pack: Pack) -> Result<(), RuleError> {
        if !self.loaded.insert(pack.key.clone()) {
            return Ok(());
        }
        self.stack.push(pack.key.clone());
        if let Some(manifest) = pack.files.iter().find(|f| is_manifest(&f.path)) {
            // A manifest that does not parse is reported when its pack is loaded.
            let includes = toml::from_str::<Manifest>(&manifest.text)
                .ok()
                .and_then(|m| m.pack)
                .map(|p| p.include)
                .unwrap_or_default();
            for inc in includes {
                let at = inc.span().start;
                let name = inc.get_ref();
                let Some(next) = self.reader.read(name, Some(&pack.key))? else {
                    return Err(RuleError::at(
                        &manifest.path,
                        &manifest.text,
                        at,
                        format!("unknown pack `{name}` in `include`"),
                    ));
                };
                if let Some(pos) = self.stack.iter().position(|k| *k == next.key) {
                    let mut cycle: Vec<&str> =
                        self.stack[pos..].iter().map(String::as_str).collect();
                    cycle.push(&next.key);
                    return Err(RuleError::at(
                        &manifest.path,
                        &manifest.text,
                        at,
                        format!("include cycle: {}", cycle.join(" → ")),
                    ));
                }
                self.add_pack(next)?;
            }
        }
        self.sources.extend(pack.files);
        self.stack.pop();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Packs held in memory: name → files (path, text).
    struct Mem(HashMap<&'static str, Vec<(&'static str, &'static str)>>);

    impl PackReader for Mem {
        fn read(&self, name: &str, _from: Option<&str>) -> Result<Option<Pack>, RuleError> {
            Ok(self.0.get(name).map(|files| Pack {
                key: name.to_string(),
                files: files
                    .iter()
                    .map(|(p, t)| Source {
                        path: format!("{name}/{p}"),
                        text: t.to_string(),
                    })
                    .collect(),
            }))
        }
    }

    fn paths(reader: &dyn PackReader, roots: &[&str]) -> Result<Vec<String>, RuleError> {
        let mut chain = Chain::new(reader);
        for r in roots {
            assert!(chain.add(r)?, "{r}");
        }
        Ok(chain.into_sources().into_iter().map(|s| s.path).collect())
    }

    #[test]
    fn includes_load_first_in_order_and_once() {
        let mem = Mem(HashMap::from([
            ("base", vec![("pack.toml", "[pack]\nname = \"base\"\n")]),
            (
                "a",
                vec![
                    ("pack.toml", "[pack]\nname = \"a\"\ninclude = [\"base\"]\n"),
                    ("r.toml", ""),
                ],
            ),
            (
                "b",
                vec![(
                    "pack.toml",
                    "[pack]\nname = \"b\"\ninclude = [\"base\", \"a\"]\n",
                )],
            ),
            ("extra", vec![("x.toml", "")]),
        ]));
        assert_eq!(
            paths(&mem, &["b", "extra", "a"]).unwrap(),
            [
                "base/pack.toml",
                "a/pack.toml",
                "a/r.toml",
                "b/pack.toml",
                "extra/x.toml"
            ]
        );
    }

    #[test]
    fn cycles_and_unknown_packs_are_errors_at_the_include() {
        let mem = Mem(HashMap::from([
            (
                "a",
                vec![("pack.toml", "[pack]\nname = \"a\"\ninclude = [\"b\"]\n")],
            ),
            (
                "b",
                vec![("pack.toml", "[pack]\nname = \"b\"\ninclude = [\"a\"]\n")],
            ),
            (
                "c",
                vec![("pack.toml", "[pack]\nname = \"c\"\ninclude = [\"nope\"]\n")],
            ),
            ("d", vec![("pack.toml", "[pack]\ninclude = [\"d\"]\n")]),
        ]));
        assert_eq!(
            paths(&mem, &["a"]).unwrap_err().to_string(),
            "b/pack.toml:3:12: include cycle: a → b → a"
        );
        assert_eq!(
            paths(&mem, &["c"]).unwrap_err().to_string(),
            "c/pack.toml:3:12: unknown pack `nope` in `include`"
        );
        assert_eq!(
            paths(&mem, &["d"]).unwrap_err().to_string(),
            "d/pack.toml:2:12: include cycle: d → d"
        );
    }

    #[test]
    fn builtin_packs_resolve_with_common_first() {
        let p = paths(&Builtin, &["reuters"]).unwrap();
        let first_own = p
            .iter()
            .position(|s| s.starts_with("rules/reuters/"))
            .unwrap();
        assert!(
            p[..first_own]
                .iter()
                .all(|s| s.starts_with("rules/common/"))
        );
        assert!(
            p[..first_own]
                .iter()
                .any(|s| s == "rules/common/entities.toml")
        );
        assert!(p.iter().any(|s| s == "rules/reuters/pack.toml"));
        assert!(builtin_pack("../ap").is_none());
    }
}
