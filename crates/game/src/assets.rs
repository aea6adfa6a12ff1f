//! The library in play: the copy compiled into the program with the content folders on
//! top, exactly as `frontline check` reads it.
//!
//! Bevy's asset server reads the content folders' files (a loader that keeps the raw text)
//! and watches them; whenever one is added, saved or removed, the whole library is rebuilt
//! off the main thread by the core's [`Library::build`] — the same parsing, checks and
//! cross-file checks as the command line, so the trainer view and `frontline check` always
//! agree. A folder file saved with errors keeps its last good text in play (or the built-in
//! version it replaces), and the errors are listed with file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bevy::asset::io::{AssetSourceBuilder, AssetSourceEvent, AssetWatcher, Reader};
use bevy::asset::{AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures_lite::future};

use super::state::{Launch, Screen};
use frontline_core::content::{self, ContentFile, FOLDERS, Origin};
use frontline_core::diagnostic::{Diagnostic, Severity};
use frontline_core::library::{FileStatus, Library, Loaded, Sources};
use frontline_core::load::{self, FileKind, LoadError};
use frontline_core::quiz::Quiz;
use frontline_core::scenario::Scenario;
use frontline_core::{Catalogue, Lang};

/// A content folder's file as read: its text, or why it could not be read.
#[derive(Asset, TypePath, Debug)]
pub struct ContentText(pub Result<String, LoadError>);

/// Reads scenario, quiz and catalogue files as text; parsing and checking happen when the
/// library is rebuilt, so a load never fails.
#[derive(TypePath, Default)]
pub struct TextLoader;

impl AssetLoader for TextLoader {
    type Asset = ContentText;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<ContentText, std::io::Error> {
        let name = ctx.path().path().display().to_string();
        let mut bytes = Vec::new();
        let text = match reader.read_to_end(&mut bytes).await {
            Ok(_) => load::check_size(bytes.len() as u64, &name)
                .and_then(|_| load::text_from_bytes(bytes, &name)),
            Err(e) => Err(LoadError::new(
                frontline_core::code::UNREADABLE_FILE,
                &name,
                None,
                format!("cannot read the file: {e}"),
                "check the file's permissions",
            )),
        };
        super::redraw::wake_soon();
        Ok(ContentText(text))
    }

    fn extensions(&self) -> &[&str] {
        &["scenario.ron", "quiz.ron", "catalogue.ron"]
    }
}

/// Set by the file watchers when a file appears or disappears, so the folders are scanned
/// again (a saved file reloads by itself; a new one must be asked for).
static FOLDERS_CHANGED: AtomicBool = AtomicBool::new(false);

/// Everything the game has read, and the library built from it.
#[derive(Resource)]
pub struct Content {
    /// The content folders, lowest layer first.
    pub sources: Sources,
    /// The library in play.
    pub library: Arc<Library>,
    /// Whether the library has been built at least once from the files on disk.
    pub built: bool,
    /// Counts rebuilds, so screens can tell a new library from the one they saw.
    pub version: u64,
    /// Folder-level problems and other notes for the library screen.
    pub notices: Vec<String>,
    /// The onboarding course the library shows.
    pub course: frontline_core::course::Course,
    handles: BTreeMap<(usize, String), Handle<ContentText>>,
    last_good: HashMap<(usize, String), String>,
    folder_problems: Vec<Diagnostic>,
    pending: Option<Task<Library>>,
    dirty: bool,
    scanned: bool,
}

impl Content {
    fn new(sources: Sources) -> Content {
        // Empty until the first rebuild, which runs off the main thread as soon as the
        // folders have been read (at once without any): checking the whole library takes
        // about a tenth of a second, which the first frame should not wait for.
        let library = Library::default();
        Content {
            sources,
            library: Arc::new(library),
            built: false,
            version: 0,
            notices: Vec::new(),
            course: frontline_core::course::Course::builtin(),
            handles: BTreeMap::new(),
            last_good: HashMap::new(),
            folder_problems: Vec::new(),
            pending: None,
            dirty: true,
            scanned: false,
        }
    }

    /// Whether files are still being read or the library rebuilt.
    pub fn loading(&self, server: &AssetServer) -> bool {
        !self.built
            || self.pending.is_some()
            || self.dirty
            || self
                .handles
                .values()
                .any(|h| server.load_state(h.id()).is_loading())
    }

    /// The catalogue in play.
    pub fn catalogue(&self) -> &Catalogue {
        &self.library.catalogue
    }

    /// The version of scenario `id` to play in `lang`: that locale, else English, else any.
    pub fn scenario(&self, id: &str, lang: Lang) -> Option<&Loaded<Scenario>> {
        self.library.scenario_for(id, lang)
    }

    /// The playable scenario with this id and locale.
    pub fn scenario_in(&self, id: &str, locale: &str) -> Option<&Loaded<Scenario>> {
        self.library.playable_scenario(id, locale)
    }

    /// The version of quiz `id` to take in `lang`.
    pub fn quiz(&self, id: &str, lang: Lang) -> Option<&Loaded<Quiz>> {
        self.library.quiz_for(id, lang)
    }

    /// The problems of every file that has any, by file as shown, errors first; and for each,
    /// what plays instead when the file itself cannot.
    pub fn problems(&self) -> Vec<FileProblem> {
        let mut by_file: BTreeMap<&str, Vec<Diagnostic>> = BTreeMap::new();
        for d in &self.library.diagnostics {
            by_file.entry(d.file.as_str()).or_default().push(d.clone());
        }
        by_file
            .into_iter()
            .map(|(file, mut diagnostics)| {
                diagnostics
                    .sort_by_key(|d| (d.issue.severity != Severity::Error, d.issue.position));
                let instead = self
                    .library
                    .entries
                    .iter()
                    .find(|e| e.shown() == file)
                    .and_then(|e| match &e.status {
                        FileStatus::Broken(instead) => instead.clone(),
                        _ => None,
                    });
                FileProblem {
                    file: file.to_owned(),
                    diagnostics,
                    plays_instead: instead,
                }
            })
            .collect()
    }

    /// The problems of one file (as shown), errors first.
    pub fn problems_of(&self, file: &str) -> Vec<Diagnostic> {
        let mut d: Vec<Diagnostic> = self.library.diagnostics_of(file).cloned().collect();
        d.sort_by_key(|d| (d.issue.severity != Severity::Error, d.issue.position));
        d
    }
}

/// What is wrong with one file, as the library screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProblem {
    /// The file, as shown.
    pub file: String,
    /// Errors and warnings, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// For a file with errors: the version that plays in its place (its last good text, or
    /// the built-in copy), if any.
    pub plays_instead: Option<String>,
}

impl FileProblem {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.issue.severity == Severity::Error)
    }
}

/// Message: look for new and removed files (the library screen sends it on F5).
#[derive(Message, Debug, Clone, Copy)]
pub struct Rescan;

/// The asset source of one folder of one content folder.
fn source_name(root: usize, folder: &str) -> String {
    format!("content{root}-{}", folder.replace('/', "-"))
}

/// Registers an asset source, with a watcher that wakes the window and notes added or
/// removed files, for every folder of every content folder that exists. Must run before
/// `AssetPlugin` is added. A folder that cannot be watched is still read; its changes then
/// show at the next rescan (F5).
pub fn register_sources(app: &mut App, sources: &Sources) {
    use bevy::asset::io::AssetSource;
    for (i, root) in sources.roots.iter().enumerate() {
        for (folder, _) in FOLDERS {
            let dir = root.join(folder);
            if !dir.is_dir() {
                continue;
            }
            let dir = std::path::absolute(&dir)
                .unwrap_or(dir)
                .to_string_lossy()
                .into_owned();
            let watched = dir.clone();
            let watcher = move |sender: async_channel::Sender<AssetSourceEvent>| {
                let (tx, rx) = async_channel::unbounded();
                let inner = match bevy::asset::io::file::FileWatcher::new(
                    PathBuf::from(&watched),
                    tx,
                    std::time::Duration::from_millis(300),
                ) {
                    Ok(w) => w,
                    Err(e) => {
                        warn!(
                            "cannot watch {watched} for changes ({e:?}); press F5 in the library to read it again"
                        );
                        return None;
                    }
                };
                forward_and_wake(rx, sender);
                Some(Box::new(inner) as Box<dyn AssetWatcher>)
            };
            app.register_asset_source(
                source_name(i, folder),
                AssetSourceBuilder::new(AssetSource::get_default_reader(dir.clone()))
                    .with_watcher(watcher),
            );
        }
    }
}

/// Passes the watcher's events on to Bevy, waking the window for each, and notes files
/// that appear or disappear.
fn forward_and_wake(
    rx: async_channel::Receiver<AssetSourceEvent>,
    to_bevy: async_channel::Sender<AssetSourceEvent>,
) {
    let _ = std::thread::Builder::new()
        .name("frontline-watch".into())
        .spawn(move || {
            while let Ok(event) = rx.recv_blocking() {
                if matches!(
                    event,
                    AssetSourceEvent::AddedAsset(_)
                        | AssetSourceEvent::RemovedAsset(_)
                        | AssetSourceEvent::RenamedAsset { .. }
                        | AssetSourceEvent::AddedFolder(_)
                        | AssetSourceEvent::RemovedFolder(_)
                        | AssetSourceEvent::RenamedFolder { .. }
                ) {
                    FOLDERS_CHANGED.store(true, Ordering::Relaxed);
                }
                if to_bevy.send_blocking(event).is_err() {
                    break;
                }
                super::redraw::wake();
            }
        });
}

/// The `AssetPlugin` the game uses: no `.meta` files are looked for (trainers never write
/// them) and files are watched for changes. The default source is unused.
pub fn asset_plugin(watch: bool) -> AssetPlugin {
    AssetPlugin {
        file_path: std::env::temp_dir().to_string_lossy().into_owned(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        watch_for_changes_override: Some(watch),
        ..default()
    }
}

/// Wires the loader and the systems that read the folders and rebuild the library.
pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ContentText>()
        .register_asset_loader(TextLoader)
        .add_message::<Rescan>()
        .add_systems(PreStartup, |mut commands: Commands, launch: Res<Launch>| {
            commands.insert_resource(Content::new(launch.sources.clone()));
        })
        .add_systems(Update, (scan, track, rebuild, finish_rebuild).chain())
        .add_systems(OnEnter(Screen::Library), |mut w: MessageWriter<Rescan>| {
            w.write(Rescan);
        });
}

/// Finds the files of every content folder and asks the asset server for each new one;
/// forgets those that are gone. Runs at start, on [`Rescan`], and when a watcher saw a file
/// appear or disappear.
fn scan(mut rescan: MessageReader<Rescan>, server: Res<AssetServer>, mut content: ResMut<Content>) {
    let asked = rescan.read().count() > 0;
    let changed = FOLDERS_CHANGED.swap(false, Ordering::Relaxed);
    if content.scanned && !asked && !changed {
        return;
    }
    content.scanned = true;
    let mut problems = Vec::new();
    let mut present: BTreeMap<(usize, String), AssetPath<'static>> = BTreeMap::new();
    let roots = content.sources.roots.clone();
    for (i, root) in roots.iter().enumerate() {
        let r = content::read_root_names(root);
        problems.extend(r.problems);
        for (folder, relative) in r.files {
            let path = AssetPath::from_path(Path::new(&relative))
                .into_owned()
                .with_source(source_name(i, folder));
            present.insert((i, format!("{folder}/{relative}")), path);
        }
    }
    let before = content.handles.len();
    content.handles.retain(|key, _| present.contains_key(key));
    let mut added = false;
    for (key, path) in present {
        if let std::collections::btree_map::Entry::Vacant(slot) = content.handles.entry(key) {
            slot.insert(server.load(path));
            added = true;
        }
    }
    if added || content.handles.len() != before || problems != content.folder_problems {
        content.folder_problems = problems;
        content.dirty = true;
    }
}

/// Marks the library for a rebuild when any content file loads or changes.
fn track(mut events: MessageReader<AssetEvent<ContentText>>, mut content: ResMut<Content>) {
    if events.read().count() > 0 {
        content.dirty = true;
    }
}

/// Starts a rebuild once every file asked for has been read.
fn rebuild(
    server: Res<AssetServer>,
    texts: Res<Assets<ContentText>>,
    mut content: ResMut<Content>,
    mut animating: Option<ResMut<super::redraw::Animating>>,
) {
    if !content.dirty || content.pending.is_some() {
        return;
    }
    let reading = content
        .handles
        .values()
        .any(|h| server.load_state(h.id()).is_loading());
    if reading {
        if let Some(a) = animating.as_mut() {
            a.within(std::time::Duration::from_millis(100));
        }
        return;
    }
    content.dirty = false;
    let mut files = content::builtin();
    for ((i, name), h) in &content.handles {
        let Some(root) = content.sources.roots.get(*i) else {
            continue;
        };
        let Some(kind) = FileKind::of(Path::new(name)) else {
            continue;
        };
        let text = match texts.get(h) {
            Some(t) => t.0.clone(),
            None => Err(LoadError::new(
                frontline_core::code::UNREADABLE_FILE,
                &content::shown(&Origin::Folder(root.clone()), name),
                None,
                "the file could not be read".into(),
                "check that it exists and can be read",
            )),
        };
        files.push(ContentFile {
            kind,
            origin: Origin::Folder(root.clone()),
            name: name.clone(),
            text,
            last_good: content.last_good.get(&(*i, name.clone())).cloned(),
        });
    }
    let problems = content.folder_problems.clone();
    content.pending = Some(AsyncComputeTaskPool::get().spawn(async move {
        let lib = Library::build(files, problems);
        super::redraw::wake_soon();
        lib
    }));
}

/// Puts a finished rebuild in play and remembers each folder file's text that had no errors,
/// to keep in play if a later save breaks it.
fn finish_rebuild(
    mut content: ResMut<Content>,
    texts: Res<Assets<ContentText>>,
    mut animating: Option<ResMut<super::redraw::Animating>>,
) {
    let Some(task) = content.pending.as_mut() else {
        return;
    };
    let Some(library) = future::block_on(future::poll_once(task)) else {
        if let Some(a) = animating.as_mut() {
            a.within(std::time::Duration::from_millis(50));
        }
        return;
    };
    content.pending = None;
    let mut good = Vec::new();
    for ((i, name), h) in &content.handles {
        let Some(root) = content.sources.roots.get(*i) else {
            continue;
        };
        let shown = content::shown(&Origin::Folder(root.clone()), name);
        let clean = !library
            .diagnostics_of(&shown)
            .any(|d| d.issue.severity == Severity::Error);
        if clean && let Some(Ok(text)) = texts.get(h).map(|t| &t.0) {
            good.push(((*i, name.clone()), text.clone()));
        }
    }
    content.last_good.extend(good);
    content.notices = content
        .folder_problems
        .iter()
        .map(|d| d.to_string())
        .collect();
    let course = frontline_core::course::Course::load(&content.sources, &library);
    content
        .notices
        .extend(course.diagnostics.iter().map(|d| d.to_string()));
    content.course = course.course;
    content.library = Arc::new(library);
    content.built = true;
    content.version += 1;
}
