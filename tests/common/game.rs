//! The game for headless app tests: the real plugins with no window (`MinimalPlugins`,
//! `StatesPlugin`, `AssetPlugin`), driven by the same messages the screens' views send.
//! Included by the game's test files with `#[path]`; each uses part of it.

#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use frontline_core::Lang;
use frontline_core::library::Sources;
use frontline_game::assets::{self, Content};
use frontline_game::conversation::{Conversation, ConversationAction, StartConversation};
use frontline_game::state::Screen;
use frontline_game::{GameOptions, GamePlugin};

/// A running game and the folder it keeps its records in.
pub struct Game {
    /// The app, updated by [`Game::until`].
    pub app: App,
    /// Its data folder.
    pub data: tempfile::TempDir,
}

impl Game {
    /// A game on the built-in library with `root` as its content folder.
    pub fn new(root: &Path, lang: Lang) -> Game {
        Game::with_data(&[root], lang, tempfile::tempdir().unwrap())
    }

    /// A game keeping its records in `data` (a second game on the same folder is a restart),
    /// with these content folders on top of the built-in library.
    pub fn with_data(roots: &[&Path], lang: Lang, data: tempfile::TempDir) -> Game {
        Game::build(roots, lang, data, |_| {})
    }

    /// A game on the built-in library alone, with `setup` applied before the game's plugins
    /// are added (to put a resource of the test's in place of the game's default).
    pub fn built_in(lang: Lang, setup: impl FnOnce(&mut App)) -> Game {
        let mut game = Game::build(&[], lang, tempfile::tempdir().unwrap(), setup);
        game.loaded();
        game
    }

    fn build(
        roots: &[&Path],
        lang: Lang,
        data: tempfile::TempDir,
        setup: impl FnOnce(&mut App),
    ) -> Game {
        let sources = Sources::roots(roots.iter().map(|r| r.to_path_buf()));
        let mut app = App::new();
        assets::register_sources(&mut app, &sources);
        setup(&mut app);
        app.add_plugins((MinimalPlugins, StatesPlugin, assets::asset_plugin(true)))
            .add_plugins(GamePlugin {
                options: GameOptions {
                    profile: Some("Tester".into()),
                    lang: Some(lang),
                    sources,
                    data_dir: data.path().to_path_buf(),
                    ..default()
                },
                ui: false,
            });
        app.finish();
        app.cleanup();
        Game { app, data }
    }

    /// Updates until `done` holds; fails after 30 s (loading, file watching and the speech
    /// thread are asynchronous; this bounds a hang, it does not measure speed).
    pub fn until(&mut self, what: &str, done: impl Fn(&World) -> bool) {
        let start = Instant::now();
        loop {
            self.app.update();
            if done(self.app.world()) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// A few frames, for what should *not* happen.
    pub fn settle(&mut self) {
        for _ in 0..20 {
            self.app.update();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Until every file is read and the library built.
    pub fn loaded(&mut self) {
        self.until("every file to be read and the library built", |w| {
            !w.resource::<Content>().loading(w.resource::<AssetServer>())
        });
    }

    /// The library as the game has it.
    pub fn content(&self) -> &Content {
        self.app.world().resource::<Content>()
    }

    /// Sends a message, as a view does.
    pub fn send<M: Message>(&mut self, m: M) {
        self.app.world_mut().write_message(m);
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        *self.app.world().resource::<State<Screen>>().get()
    }

    /// Opens scenario `id` with `seed` and waits for it.
    pub fn start(&mut self, id: &str, seed: u64) {
        self.send(StartConversation {
            scenario: id.into(),
            seed: Some(seed),
        });
        self.until("the conversation", |w| {
            *w.resource::<State<Screen>>().get() == Screen::Conversation
                && w.get_resource::<Conversation>()
                    .is_some_and(|c| c.session.seed() == seed && c.scenario.id == id)
        });
    }

    /// The conversation playing.
    pub fn conversation(&self) -> &Conversation {
        self.app.world().resource::<Conversation>()
    }

    /// Answers with `key` and waits for the answer to apply.
    pub fn choose(&mut self, key: usize) {
        let before = self.conversation().session.turns().len();
        self.send(ConversationAction::Choose(key));
        self.until("the answer", |w| {
            w.resource::<Conversation>().session.turns().len() > before
        });
    }
}
