//! Where styles, vocabularies, dictionaries and word lists are found on
//! the StylesPath, as Vale finds them. Everything that touches the file
//! system to find a rule's inputs is here, so compiling rules is pure.

use std::path::{Path, PathBuf};

/// The folders a configuration searches, in order.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    pub styles_paths: Vec<PathBuf>,
    /// The configuration file's folder (spelling `dic`/`aff` may be
    /// relative to it).
    pub config_dir: Option<PathBuf>,
}

/// A `.dic` and `.aff` pair, with their modification times so that an
/// edited dictionary is read again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DictionaryFiles {
    pub dic: PathBuf,
    pub aff: PathBuf,
    pub stamps: (Option<std::time::SystemTime>, Option<std::time::SystemTime>),
}

impl DictionaryFiles {
    pub fn new(dic: PathBuf, aff: PathBuf) -> DictionaryFiles {
        let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let stamps = (stamp(&dic), stamp(&aff));
        DictionaryFiles { dic, aff, stamps }
    }
}

/// Where a spelling rule's words come from, resolved to files.
#[derive(Debug, Default)]
pub struct SpellerSources {
    pub embedded: bool,
    pub files: Vec<DictionaryFiles>,
    pub word_lists: Vec<PathBuf>,
    /// `ignore` word lists found nowhere: what to tell the user of each.
    /// Vale skips them without a word (`NewSpelling` adds a list only
    /// where the file exists); the rule runs without them.
    pub missing_word_lists: Vec<String>,
}

/// A spelling rule's file keys as written.
#[derive(Debug, Clone, Copy)]
pub struct SpellingFiles<'a> {
    pub dic: &'a str,
    pub aff: &'a str,
    pub dicpath: &'a str,
    pub dictionaries: &'a [String],
    /// `append`: the built-in English dictionary as well as `dictionaries`.
    pub append: bool,
    pub ignore: &'a [String],
    /// The built-in `Vale.Spelling`: also every dictionary in
    /// `config/dictionaries` and every word list in `config/ignore`.
    pub builtin: bool,
}

/// A spelling file that cannot be found, naming the rule key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MissingFile {
    pub key: &'static str,
    pub message: String,
}

impl Resolver {
    /// The folder of style `name` on the StylesPath.
    pub fn style_dir(&self, name: &str) -> Option<PathBuf> {
        self.styles_paths
            .iter()
            .map(|p| p.join(name))
            .find(|p| p.is_dir())
    }

    /// The file of rule `style.rule`, loaded alone by `Style.Rule = YES`.
    pub fn rule_file(&self, style: &str, rule: &str) -> Option<PathBuf> {
        self.styles_paths
            .iter()
            .map(|p| p.join(style).join(format!("{rule}.yml")))
            .find(|p| p.is_file())
    }

    /// A script rule's `.tengo` file, in `config/scripts` on the
    /// StylesPath (Vale's `core.ConfigDirs`). A name that would leave
    /// that folder is not looked up.
    pub fn script_file(&self, name: &str) -> Option<PathBuf> {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            return None;
        }
        self.styles_paths
            .iter()
            .map(|p| p.join("config").join("scripts").join(name))
            .find(|p| p.is_file())
    }

    /// The StylesPath as the user reads it in an error.
    pub fn describe(&self) -> String {
        if self.styles_paths.is_empty() {
            "(no StylesPath set)".to_string()
        } else {
            looked(&self.styles_paths)
        }
    }

    /// The accept and reject lists of vocabulary `name`: its folder under
    /// `config/vocabularies` (or Vale 2's `Vocab`); `None` when not found.
    pub fn vocabulary(&self, name: &str) -> Option<(Vec<String>, Vec<String>)> {
        let dir = self
            .styles_paths
            .iter()
            .flat_map(|p| {
                [
                    p.join("config").join("vocabularies").join(name),
                    p.join("Vocab").join(name),
                ]
            })
            .find(|d| d.is_dir())?;
        let read = |file: &str| -> Vec<String> {
            crate::text::file::read_to_string(&dir.join(file))
                .map(|text| {
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        Some((read("accept.txt"), read("reject.txt")))
    }

    /// A spelling rule's dictionaries and word lists, found as Vale finds
    /// them.
    pub fn spelling_sources(&self, def: SpellingFiles) -> Result<SpellerSources, MissingFile> {
        if !def.dic.is_empty() || !def.aff.is_empty() {
            return self.dic_and_aff(def.dic, def.aff);
        }
        let mut sources = SpellerSources::default();
        let default_dir: Vec<PathBuf> = self
            .styles_paths
            .iter()
            .map(|sp| sp.join("config").join("dictionaries"))
            .collect();
        let mut dirs = if def.dicpath.is_empty() {
            default_dir.clone()
        } else {
            vec![self.dicpath(def.dicpath)?]
        };
        dirs.extend(std::env::var_os("DICPATH").map(PathBuf::from));
        for name in def.dictionaries {
            let find = |ext: &str| {
                dirs.iter()
                    .map(|d| d.join(format!("{name}.{ext}")))
                    .find(|p| p.is_file())
            };
            match (find("dic"), find("aff")) {
                (Some(dic), Some(aff)) => sources.files.push(DictionaryFiles::new(dic, aff)),
                _ => {
                    return Err(MissingFile {
                        key: "dictionaries",
                        message: format!(
                            "dictionary `{name}` not found: no {name}.dic and {name}.aff in {}",
                            looked(&dirs)
                        ),
                    })
                }
            }
        }
        sources.embedded = def.dictionaries.is_empty() || def.append;
        if def.builtin {
            // Vale.Spelling: every dictionary in config/dictionaries and
            // every word list in config/ignore.
            for dir in &default_dir {
                for dic in files_with_extension(dir, "dic", false) {
                    let aff = dic.with_extension("aff");
                    if aff.is_file() {
                        sources.files.push(DictionaryFiles::new(dic, aff));
                    }
                }
            }
            for sp in &self.styles_paths {
                sources.word_lists.extend(files_with_extension(
                    &sp.join("config").join("ignore"),
                    "txt",
                    true,
                ));
            }
            return Ok(sources);
        }
        (sources.word_lists, sources.missing_word_lists) = self.word_lists(def.ignore);
        Ok(sources)
    }

    /// `dic` + `aff`: absolute, under StylesPath (or its
    /// config/dictionaries), or beside the configuration.
    fn dic_and_aff(&self, dic: &str, aff: &str) -> Result<SpellerSources, MissingFile> {
        let asset = |name: &str| -> Vec<PathBuf> {
            let mut places = vec![PathBuf::from(name)];
            for sp in &self.styles_paths {
                places.push(sp.join(name));
                places.push(sp.join("config").join("dictionaries").join(name));
            }
            places.extend(self.config_dir.iter().map(|d| d.join(name)));
            places
        };
        let mut pair = Vec::new();
        for (key, name) in [("dic", dic), ("aff", aff)] {
            let places = asset(name);
            match places.iter().find(|p| p.is_file()) {
                Some(found) if !name.is_empty() => pair.push(found.clone()),
                _ => {
                    return Err(MissingFile {
                        key,
                        message: format!(
                            "`{key}` file `{name}` not found (looked in: {})",
                            looked(&places)
                        ),
                    })
                }
            }
        }
        Ok(SpellerSources {
            embedded: false,
            files: vec![DictionaryFiles::new(pair[0].clone(), pair[1].clone())],
            word_lists: Vec::new(),
            missing_word_lists: Vec::new(),
        })
    }

    fn dicpath(&self, dicpath: &str) -> Result<PathBuf, MissingFile> {
        let mut places = vec![PathBuf::from(dicpath)];
        places.extend(self.styles_paths.iter().map(|sp| sp.join(dicpath)));
        places
            .iter()
            .find(|p| p.is_dir())
            .cloned()
            .ok_or_else(|| MissingFile {
                key: "dicpath",
                message: format!(
                    "unable to resolve dicpath `{dicpath}` (looked in: {})",
                    looked(&places)
                ),
            })
    }

    /// `ignore`: absolute (or from the working directory), under
    /// StylesPath, or under StylesPath/config/ignore; every one that
    /// exists. A list found nowhere is left out, as Vale leaves it out
    /// (`V:internal/check/spelling.go` `NewSpelling`), and said in the
    /// second list.
    fn word_lists(&self, lists: &[String]) -> (Vec<PathBuf>, Vec<String>) {
        let mut all: Vec<PathBuf> = Vec::new();
        let mut missing = Vec::new();
        for list in lists {
            let mut places = vec![PathBuf::from(list)];
            for sp in &self.styles_paths {
                places.push(sp.join(list));
                places.push(sp.join("config").join("ignore").join(list));
            }
            let found: Vec<PathBuf> = places.iter().filter(|p| p.is_file()).cloned().collect();
            if found.is_empty() {
                missing.push(format!(
                    "word list `{list}` in `ignore` not found (looked in: {})",
                    looked(&places)
                ));
            }
            for f in found {
                if !all.contains(&f) {
                    all.push(f);
                }
            }
        }
        (all, missing)
    }
}

/// The accept and reject lists of every vocabulary in `names`, and an
/// error for each one that is missing (made by `missing`).
pub fn read_vocabularies<'a>(
    resolver: &Resolver,
    names: impl IntoIterator<Item = &'a str>,
    mut missing: impl FnMut(&'a str, String),
) -> (Vec<String>, Vec<String>) {
    let mut accept = Vec::new();
    let mut reject = Vec::new();
    for name in names {
        match resolver.vocabulary(name) {
            Some((a, r)) => {
                accept.extend(a);
                reject.extend(r);
            }
            None => missing(
                name,
                format!(
                    "vocabulary '{name}' not found (expected <StylesPath>/config/vocabularies/{name}/)"
                ),
            ),
        }
    }
    (accept, reject)
}

fn looked(places: &[PathBuf]) -> String {
    places
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files in `dir` (and below it, if `deep`) ending in `.ext`, sorted.
fn files_with_extension(dir: &Path, ext: &str, deep: bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if deep {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
