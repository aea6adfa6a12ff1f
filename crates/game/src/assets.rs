//! Scenarios, quizzes and the principle catalogue as Bevy assets.
//!
//! The loaders call the core's parser and checks (`library::check_scenario` and friends),
//! so the game and `frontline check` can never disagree about a file. The top-level
//! `scenarios/` and `quizzes/` folders are asset sources of their own: the trainer edits the
//! files they see in the repository, and with hot reload a save shows up at once. A save
//! with an error fails to load, Bevy keeps the last good version in `Assets`, and the
//! library screen lists the error with its file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;

use super::state::{Launch, Screen};
use frontline_core::Lang;
use frontline_core::catalogue::{Catalogue, CatalogueFile};
use frontline_core::diagnostic::{Diagnostic, Severity};
use frontline_core::library::{check_quiz, check_scenario, diagnostics_of};
use frontline_core::load::{self, FileKind};
use frontline_core::quiz::Quiz;
use frontline_core::scenario::Scenario;

/// Asset source names, as in `scenarios://en/angry-customer.scenario.ron`.
const SOURCES: [(&str, FileKind); 2] = [
    ("scenarios", FileKind::Scenario),
    ("quizzes", FileKind::Quiz),
];

/// A scenario that parsed and passed every check (warnings allowed).
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset {
    /// Resolved and ready to play.
    pub scenario: Scenario,
    /// Warnings found by the checks.
    pub warnings: Vec<Diagnostic>,
}

/// A quiz that parsed and passed every check (warnings allowed).
#[derive(Asset, TypePath, Debug)]
pub struct QuizAsset {
    /// The quiz.
    pub quiz: Quiz,
    /// Warnings found by the checks.
    pub warnings: Vec<Diagnostic>,
}

/// One catalogue file.
#[derive(Asset, TypePath, Debug)]
pub struct CatalogueAsset {
    /// Its principles.
    pub file: CatalogueFile,
    /// Warnings found by the checks.
    pub warnings: Vec<Diagnostic>,
}

/// Why a file did not load: every error the core found, each with file, line and column.
#[derive(Debug, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ContentError {
    /// The problems, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

/// The catalogue scenarios are checked and scored against. Shared with the loaders, which
/// run on other threads; replaced when a catalogue file changes.
#[derive(Resource, Clone)]
pub struct Principles(pub Arc<RwLock<Arc<Catalogue>>>);

impl Principles {
    /// The catalogue as it is now.
    pub fn get(&self) -> Arc<Catalogue> {
        match self.0.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, catalogue: Catalogue) {
        let mut slot = match self.0.write() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        *slot = Arc::new(catalogue);
    }
}

async fn read_text(reader: &mut dyn Reader, file: &str) -> Result<String, ContentError> {
    let fail = |e: load::LoadError| ContentError {
        diagnostics: vec![e.diagnostic()],
    };
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).await.map_err(|e| {
        fail(load::LoadError::new(
            file,
            None,
            format!("cannot read the file: {e}"),
            "check the file's permissions",
        ))
    })?;
    load::check_size(bytes.len() as u64, file).map_err(fail)?;
    load::text_from_bytes(bytes, file).map_err(fail)
}

fn errors_first(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| (d.issue.severity != Severity::Error, d.issue.position));
    diagnostics
}

/// Wakes the window when a load ends, however it ends: the asset server applies the result
/// at the next frame, and in reactive mode nothing else would bring one.
struct WakeWhenDone;

impl Drop for WakeWhenDone {
    fn drop(&mut self) {
        super::redraw::wake_soon();
    }
}

/// What scenario and quiz loading share: read, then parse and check with the core against
/// the current catalogue; a file with errors fails the load (Bevy keeps the last good
/// version), warnings travel with the asset.
async fn load_checked<T>(
    reader: &mut dyn Reader,
    ctx: &LoadContext<'_>,
    principles: &Principles,
    check: fn(&str, &Path, &Catalogue) -> frontline_core::library::Checked<T>,
) -> Result<(T, Vec<Diagnostic>), ContentError> {
    let _wake = WakeWhenDone;
    let file = shown_path(ctx.path());
    let text = read_text(reader, &file).await?;
    check(&text, Path::new(&file), &principles.get())
        .playable()
        .map_err(|diagnostics| ContentError {
            diagnostics: errors_first(diagnostics),
        })
}

/// Loads `.scenario.ron` files through the core's parser and checks.
#[derive(TypePath)]
pub struct ScenarioLoader {
    principles: Principles,
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ContentError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ContentError> {
        let (scenario, warnings) =
            load_checked(reader, ctx, &self.principles, check_scenario).await?;
        Ok(ScenarioAsset { scenario, warnings })
    }

    fn extensions(&self) -> &[&str] {
        &["scenario.ron"]
    }
}

/// Loads `.quiz.ron` files through the core's parser and checks.
#[derive(TypePath)]
pub struct QuizLoader {
    principles: Principles,
}

impl AssetLoader for QuizLoader {
    type Asset = QuizAsset;
    type Settings = ();
    type Error = ContentError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<QuizAsset, ContentError> {
        let (quiz, warnings) = load_checked(reader, ctx, &self.principles, check_quiz).await?;
        Ok(QuizAsset { quiz, warnings })
    }

    fn extensions(&self) -> &[&str] {
        &["quiz.ron"]
    }
}

/// Loads `.catalogue.ron` files through the core's parser and checks.
#[derive(TypePath, Default)]
pub struct CatalogueLoader;

impl AssetLoader for CatalogueLoader {
    type Asset = CatalogueAsset;
    type Settings = ();
    type Error = ContentError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<CatalogueAsset, ContentError> {
        let _wake = WakeWhenDone;
        let name = shown_path(ctx.path());
        let text = read_text(reader, &name).await?;
        let parsed = load::parse_catalogue(&text, &name).map_err(|e| ContentError {
            diagnostics: vec![e.diagnostic()],
        })?;
        let issues = frontline_core::validate::catalogue_file(
            &parsed,
            &text,
            &name,
            &mut Default::default(),
        );
        let diagnostics = diagnostics_of(Path::new(&name), issues);
        if diagnostics
            .iter()
            .any(|d| d.issue.severity == Severity::Error)
        {
            return Err(ContentError {
                diagnostics: errors_first(diagnostics),
            });
        }
        Ok(CatalogueAsset {
            file: parsed,
            warnings: diagnostics,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["catalogue.ron"]
    }
}

/// What is wrong with one file, as the library screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProblem {
    /// Errors and warnings, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the last good version is still loaded and playable.
    pub kept_last_good: bool,
}

impl FileProblem {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.issue.severity == Severity::Error)
    }
}

/// Everything the game has asked the asset server for, and what went wrong.
#[derive(Resource, Debug, Default)]
pub struct Content {
    /// Folder holding `scenarios/`, `quizzes/` and `assets/`.
    pub root: PathBuf,
    /// Every scenario file found, loaded or not.
    pub scenarios: Vec<Handle<ScenarioAsset>>,
    /// Every quiz file found, loaded or not.
    pub quizzes: Vec<Handle<QuizAsset>>,
    /// Every catalogue file found.
    pub catalogue: Vec<Handle<CatalogueAsset>>,
    /// Problems by file (as shown: `scenarios/en/x.scenario.ron`). Files without problems
    /// have no entry.
    pub problems: BTreeMap<String, FileProblem>,
    /// Folder-level problems: a missing or empty folder.
    pub notices: Vec<String>,
    /// Whether the catalogue has been read and scenarios asked for.
    pub started: bool,
}

impl Content {
    /// Whether anything is still loading: the catalogue not yet read, or any file asked for
    /// and not yet loaded or failed.
    pub fn loading(&self, server: &AssetServer) -> bool {
        !self.started
            || self
                .scenarios
                .iter()
                .map(|h| h.id().untyped())
                .chain(self.quizzes.iter().map(|h| h.id().untyped()))
                .chain(self.catalogue.iter().map(|h| h.id().untyped()))
                .any(|id| server.load_state(id).is_loading())
    }
}

/// Registers the asset sources: the default one (`<root>/assets`, for the catalogue) and
/// `scenarios://` and `quizzes://` for the top-level folders, each with a file watcher
/// that wakes the window on a change. Must run before `AssetPlugin` is added.
pub fn register_sources(app: &mut App, content_root: &Path) {
    use bevy::asset::io::{AssetSource, AssetSourceId};
    let sources = [
        (AssetSourceId::Default, content_root.join("assets")),
        (
            AssetSourceId::from("scenarios"),
            content_root.join("scenarios"),
        ),
        (AssetSourceId::from("quizzes"), content_root.join("quizzes")),
    ];
    for (id, dir) in sources {
        let dir = dir.to_string_lossy().into_owned();
        let watcher =
            AssetSource::get_default_watcher(dir.clone(), std::time::Duration::from_millis(300));
        app.register_asset_source(
            id,
            AssetSourceBuilder::platform_default(&dir, None)
                .with_watcher(super::redraw::wake_on_change(watcher)),
        );
    }
}

/// The `AssetPlugin` the game uses: the default source is `<root>/assets`, no `.meta`
/// files are looked for (trainers never write them), and files are watched for changes.
pub fn asset_plugin(content_root: &Path, watch: bool) -> AssetPlugin {
    AssetPlugin {
        file_path: content_root.join("assets").to_string_lossy().into_owned(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        watch_for_changes_override: Some(watch),
        ..default()
    }
}

/// Files of one kind under `dir`, relative to it, sorted; `None` if `dir` is missing.
/// Folders that cannot be read are passed over: the files that can be read still load.
fn files_under(dir: &Path, kind: FileKind) -> Option<Vec<PathBuf>> {
    if !dir.is_dir() {
        return None;
    }
    let found = frontline_core::library::expand(&[dir.to_path_buf()], &mut Vec::new());
    Some(
        found
            .into_iter()
            .filter(|(_, k)| *k == kind)
            .filter_map(|(p, _)| p.strip_prefix(dir).ok().map(Path::to_path_buf))
            .collect(),
    )
}

fn asset_path(source: &'static str, relative: &Path) -> AssetPath<'static> {
    AssetPath::from_path(relative)
        .into_owned()
        .with_source(source)
}

/// Shown name of an asset path: `scenarios/en/x.scenario.ron`.
pub fn shown_path(path: &AssetPath) -> String {
    let source = path.source().as_str().unwrap_or("assets");
    let relative = path.path().to_string_lossy().replace('\\', "/");
    format!("{source}/{relative}")
}

/// How well a version in `locale` suits a trainee reading `lang`: their own language
/// first, then English, then any other (lower is better).
pub fn locale_rank(locale: &str, lang: Lang) -> u8 {
    if locale == lang.code() {
        0
    } else if locale == "en" {
        1
    } else {
        2
    }
}

/// Message: look for new scenario and quiz files (the library screen sends it on F5).
#[derive(Message, Debug, Clone, Copy)]
pub struct Rescan;

/// Wires the asset types, loaders and the systems that track what loaded.
pub(super) fn plugin(app: &mut App) {
    let builtin = Catalogue::builtin().unwrap_or_default();
    let principles = Principles(Arc::new(RwLock::new(Arc::new(builtin))));
    app.init_asset::<ScenarioAsset>()
        .init_asset::<QuizAsset>()
        .init_asset::<CatalogueAsset>()
        .register_asset_loader(ScenarioLoader {
            principles: principles.clone(),
        })
        .register_asset_loader(QuizLoader {
            principles: principles.clone(),
        })
        .register_asset_loader(CatalogueLoader)
        .insert_resource(principles)
        .init_resource::<Content>()
        .add_message::<Rescan>()
        .add_systems(Startup, load_catalogue)
        .add_systems(
            Update,
            (
                catalogue_ready,
                scan.run_if(on_message::<Rescan>),
                track::<ScenarioAsset>,
                track::<QuizAsset>,
                track::<CatalogueAsset>,
            )
                .chain(),
        )
        .add_systems(OnEnter(Screen::Library), |mut w: MessageWriter<Rescan>| {
            w.write(Rescan);
        });
}

fn load_catalogue(launch: Res<Launch>, server: Res<AssetServer>, mut content: ResMut<Content>) {
    content.root = launch.content_root.clone();
    let dir = content.root.join("assets").join("catalogue");
    let files = files_under(&dir, FileKind::Catalogue).unwrap_or_default();
    if files.is_empty() {
        content.notices.push(format!(
            "no catalogue files in {}; using the catalogue built into the game",
            dir.display()
        ));
    }
    content.catalogue = files
        .iter()
        .map(|f| server.load(AssetPath::from_path(&Path::new("catalogue").join(f)).into_owned()))
        .collect();
}

/// Once every catalogue file has loaded (or failed), builds the catalogue and asks for the
/// scenarios and quizzes; when a catalogue file changes later, rebuilds it and reloads
/// them, since their checks depend on it.
fn catalogue_ready(
    mut events: MessageReader<AssetEvent<CatalogueAsset>>,
    server: Res<AssetServer>,
    assets: Res<Assets<CatalogueAsset>>,
    principles: Res<Principles>,
    mut content: ResMut<Content>,
    mut rescan: MessageWriter<Rescan>,
) {
    // Only edits count: the first load's own events must not trigger a reload.
    let changed = events
        .read()
        .any(|e| matches!(e, AssetEvent::Modified { .. }));
    let settled = content
        .catalogue
        .iter()
        .all(|h| server.is_loaded(h.id()) || server.load_state(h.id()).is_failed());
    if !settled || (content.started && !changed) {
        return;
    }
    if !content.catalogue.is_empty() {
        let mut catalogue = Catalogue::default();
        for h in &content.catalogue {
            if let Some(a) = assets.get(h) {
                catalogue.extend(a.file.clone());
            }
        }
        if !catalogue.is_empty() {
            principles.set(catalogue);
        }
    }
    if content.started {
        let paths: Vec<AssetPath<'static>> = content
            .scenarios
            .iter()
            .map(|h| h.id().untyped())
            .chain(content.quizzes.iter().map(|h| h.id().untyped()))
            .filter_map(|id| server.get_path(id).map(|p| p.into_owned()))
            .collect();
        for p in paths {
            server.reload(p);
        }
    } else {
        content.started = true;
        rescan.write(Rescan);
    }
}

/// Finds scenario and quiz files on disk and asks the asset server for each. Asking again
/// for a loaded file costs nothing, so this also picks up files added since.
fn scan(server: Res<AssetServer>, mut content: ResMut<Content>) {
    if !content.started {
        return;
    }
    let root = content.root.clone();
    content.notices.retain(|n| n.starts_with("no catalogue"));
    for (source, kind) in SOURCES {
        let dir = root.join(source);
        match files_under(&dir, kind) {
            None => content.notices.push(format!(
                "the folder {} does not exist; create it and put {} files in it",
                dir.display(),
                kind.extension()
            )),
            Some(files) if files.is_empty() => content.notices.push(format!(
                "no {} files in {}",
                kind.extension(),
                dir.display()
            )),
            Some(files) => {
                for f in files {
                    let path = asset_path(source, &f);
                    match kind {
                        FileKind::Scenario => {
                            let h: Handle<ScenarioAsset> = server.load(path);
                            if !content.scenarios.contains(&h) {
                                content.scenarios.push(h);
                            }
                        }
                        _ => {
                            let h: Handle<QuizAsset> = server.load(path);
                            if !content.quizzes.contains(&h) {
                                content.quizzes.push(h);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An asset type whose load results the library screen reports.
pub trait Reported: Asset {
    /// Warnings found when it loaded.
    fn warnings(&self) -> &[Diagnostic];
}

impl Reported for ScenarioAsset {
    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

impl Reported for QuizAsset {
    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

impl Reported for CatalogueAsset {
    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// Keeps `Content::problems` in step with loads and failed loads.
fn track<A: Reported>(
    mut loaded: MessageReader<AssetEvent<A>>,
    mut failed: MessageReader<AssetLoadFailedEvent<A>>,
    server: Res<AssetServer>,
    assets: Res<Assets<A>>,
    mut content: ResMut<Content>,
) {
    for event in loaded.read() {
        let (AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id }) = event
        else {
            continue;
        };
        let (Some(path), Some(asset)) = (server.get_path(*id), assets.get(*id)) else {
            continue;
        };
        let shown = shown_path(&path);
        if asset.warnings().is_empty() {
            content.problems.remove(&shown);
        } else {
            content.problems.insert(
                shown,
                FileProblem {
                    diagnostics: asset.warnings().to_vec(),
                    kept_last_good: true,
                },
            );
        }
    }
    for event in failed.read() {
        let diagnostics = match &event.error {
            AssetLoadError::AssetLoaderError(e) => match e.error().downcast_ref::<ContentError>() {
                Some(c) => c.diagnostics.clone(),
                None => vec![other_failure(&event.path, &e.error().to_string())],
            },
            other => vec![other_failure(&event.path, &other.to_string())],
        };
        let kept_last_good = assets.get(event.id).is_some();
        if kept_last_good {
            warn!(
                "{} has an error; the last good version stays in play",
                shown_path(&event.path)
            );
        }
        content.problems.insert(
            shown_path(&event.path),
            FileProblem {
                diagnostics,
                kept_last_good,
            },
        );
    }
}

fn other_failure(path: &AssetPath, message: &str) -> Diagnostic {
    // Only the first line: the asset server may append a backtrace.
    let first = message.lines().next().unwrap_or("").to_owned();
    load::LoadError::new(
        &shown_path(path),
        None,
        first,
        "check that the file exists and can be read",
    )
    .diagnostic()
}
