//! Where a configuration comes from: the one discovery the command line
//! and the language server share, as Vale searches (an explicit file,
//! `$VALE_CONFIG_PATH`, the nearest config file from a folder up, the home
//! folder's; the global config under it; Vale's default styles folder).

use std::path::{Path, PathBuf};

use super::CONFIG_NAMES;

/// Where a configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Location {
    /// The local file: the one named, else `$VALE_CONFIG_PATH`, else the
    /// first config file from the folder upward, else the home folder's.
    pub local: Option<PathBuf>,
    /// The global file, read under the local one.
    pub global: Option<PathBuf>,
    /// Vale's default StylesPath, searched last.
    pub default_styles: Option<PathBuf>,
}

/// Finds the config for a file in `folder`, as Vale does: `explicit` if
/// given, else `$VALE_CONFIG_PATH`, else the first config file from
/// `folder` upward, else the home folder's. With `global`, the global
/// config ([`global_config`]) and Vale's default styles folder too. The one
/// discovery the command line and the language server share.
/// Without a folder (an editor's unsaved buffer outside any workspace),
/// nothing is searched for.
pub fn locate(folder: Option<&Path>, explicit: Option<&Path>, global: bool) -> Location {
    let local = explicit
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("VALE_CONFIG_PATH")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| folder.and_then(find_config));
    if global {
        Location {
            local,
            global: global_config(),
            default_styles: global_styles_dir(),
        }
    } else {
        Location {
            local,
            global: None,
            default_styles: None,
        }
    }
}

/// The global config: `parlance/.parlance.ini`, else `vale/.vale.ini`, in
/// the user's config folder (`$XDG_CONFIG_HOME` on Linux, Application
/// Support on macOS, the local AppData on Windows, as Vale's).
pub fn global_config() -> Option<PathBuf> {
    global_config_places().into_iter().find(|p| p.is_file())
}

/// Where a global config may be, in order of preference.
pub fn global_config_places() -> Vec<PathBuf> {
    dirs::config_local_dir()
        .map(|dir| {
            vec![
                dir.join("parlance").join(".parlance.ini"),
                dir.join("vale").join(".vale.ini"),
            ]
        })
        .unwrap_or_default()
}

/// Vale's default StylesPath: `$VALE_STYLES_PATH`, else `vale/styles` in
/// the user's data folder.
pub fn global_styles_dir() -> Option<PathBuf> {
    std::env::var_os("VALE_STYLES_PATH")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_local_dir().map(|d| d.join("vale").join("styles")))
}

/// The first config file from `start` upward, then in the home folder.
fn find_config(start: &Path) -> Option<PathBuf> {
    let in_dir = |dir: &Path| {
        CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    };
    start
        .ancestors()
        .find_map(in_dir)
        .or_else(|| std::env::var_os("HOME").and_then(|h| in_dir(Path::new(&h))))
}
