//! Headless app tests: the real game plugins with no window (`MinimalPlugins`,
//! `StatesPlugin`, `AssetPlugin`), driven by the same messages the screens' views send.

#![cfg(feature = "game")]

mod common;
#[path = "common/game.rs"]
mod harness;

use harness::Game;

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;

use frontline_core::score::score;
use frontline_core::session::Step;
use frontline_core::{Lang, Session};
use frontline_game::assets::Content;
use frontline_game::conversation::{
    Conversation, ConversationAction, LastAttempt, StartConversation,
};
use frontline_game::quiz::{QuizAction, StartQuiz};
use frontline_game::state::{Attempts, Screen, Settings};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the shipped content that a test may edit.
fn content_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::root();
    for sub in ["scenarios", "quizzes", "assets/catalogue"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

#[test]
fn shipped_files_load_through_the_loaders() {
    let mut game = Game::new(common::root(), Lang::En);
    game.loaded();
    let content = game.content();
    // The repository as a content folder replaces every built-in file with the same text:
    // the same library as the built-in one, checked clean.
    let expected = common::library();
    assert_eq!(content.library.scenarios.len(), expected.scenarios.len());
    assert_eq!(content.library.quizzes.len(), expected.quizzes.len());
    assert!(
        content.library.diagnostics.is_empty(),
        "{:#?}",
        content.library.diagnostics
    );
    assert!(
        content
            .library
            .scenarios
            .iter()
            .all(|s| !s.origin.is_builtin())
    );
    assert_eq!(game.screen(), Screen::Library);
}

#[test]
fn without_a_content_folder_the_built_in_library_plays() {
    let mut game = Game::with_data(&[], Lang::En, tempfile::tempdir().unwrap());
    game.loaded();
    let content = game.content();
    assert_eq!(
        content.library.scenarios.len(),
        common::library().scenarios.len()
    );
    assert!(
        content
            .library
            .scenarios
            .iter()
            .all(|s| s.origin.is_builtin())
    );
    play_to_debrief(&mut game, "angry-customer", 5, 1);
    assert_eq!(stored(&game).len(), 1);
}

/// A trainer's folder holding only a new scenario and a new catalogue entry adds both to the
/// built-in library; the scenario plays and cites the new entry.
#[test]
fn a_content_folder_adds_to_the_built_in_library() {
    let dir = tempfile::tempdir().unwrap();
    common::write_extra_content(dir.path());
    let mut game = Game::new(dir.path(), Lang::En);
    game.loaded();
    let content = game.content();
    // Only the warnings that the new scenario has no Chinese and no Korean version.
    let report: Vec<String> = content
        .library
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(report.len(), 2, "{report:#?}");
    for locale in ["zh", "ko"] {
        assert!(
            report
                .iter()
                .any(|r| r.contains(&format!("no `{locale}` version"))),
            "{report:#?}"
        );
    }
    assert!(content.catalogue().contains("house.name_badge"));
    assert!(
        content.catalogue().contains("5s.smile"),
        "the built-in catalogue stays"
    );
    let extra = content.scenario("extra-visit", Lang::En).unwrap();
    assert!(!extra.origin.is_builtin());
    assert!(
        content
            .scenario("angry-customer", Lang::En)
            .unwrap()
            .origin
            .is_builtin()
    );
    game.send(StartConversation {
        scenario: "extra-visit".into(),
        seed: Some(1),
    });
    game.until("the conversation to open", |w| {
        w.get_resource::<Conversation>()
            .is_some_and(|c| c.scenario.id == "extra-visit")
    });
    // The greeting is the answer that cites the new entry.
    let key = {
        let c = game.app.world().resource::<Conversation>();
        match c.session.step(&c.scenario).unwrap() {
            Step::Turn(t) => {
                t.choices
                    .iter()
                    .find(|o| o.choice.id.as_str() == "arrive.greet")
                    .unwrap()
                    .key
            }
            Step::Ended(_) => unreachable!(),
        }
    };
    game.send(ConversationAction::Choose(key));
    loop {
        game.app.update();
        let c = game.app.world().resource::<Conversation>();
        if matches!(c.session.step(&c.scenario).unwrap(), Step::Ended(_)) {
            break;
        }
        let before = c.session.turns().len();
        game.send(ConversationAction::Choose(1));
        game.until("the choice to apply", |w| {
            w.resource::<Conversation>().session.turns().len() > before
        });
    }
    game.send(ConversationAction::Finish);
    game.until("the debrief", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let d = &game.app.world().resource::<LastAttempt>().debrief;
    assert!(
        d.applied
            .iter()
            .any(|m| m.id.as_str() == "house.name_badge"),
        "{d:#?}"
    );
}

/// Plays every shipped scenario in every language by sending the actions the
/// conversation screen sends, and checks the debrief is exactly the core's score of the
/// same choices and response times.
#[test]
fn a_conversation_played_through_actions_scores_as_the_core_does() {
    for lang in Lang::ALL {
        let mut game = Game::new(common::root(), lang);
        game.loaded();
        for id in ["angry-customer", "missing-pin", "billing-dispute"] {
            for policy in 0..2usize {
                let seed = 11 + policy as u64;
                game.send(StartConversation {
                    scenario: id.into(),
                    seed: Some(seed),
                });
                game.until("the conversation to open", |w| {
                    w.contains_resource::<Conversation>()
                        && *w.resource::<State<Screen>>().get() == Screen::Conversation
                });
                let mut turn = 0;
                loop {
                    let c = game.app.world().resource::<Conversation>();
                    let n = match c.session.step(&c.scenario).unwrap() {
                        Step::Turn(t) => t.choices.len(),
                        Step::Ended(_) => break,
                    };
                    let key = if policy == 0 {
                        1
                    } else {
                        (turn * 7 + 3) % n + 1
                    };
                    let before = c.session.turns().len();
                    game.send(ConversationAction::Choose(key));
                    game.until("the choice to apply", |w| {
                        w.resource::<Conversation>().session.turns().len() > before
                    });
                    turn += 1;
                    assert!(turn < 100, "{id} did not end");
                }
                game.send(ConversationAction::Finish);
                game.until("the debrief", |w| {
                    *w.resource::<State<Screen>>().get() == Screen::Debrief
                });
                let attempt = game.app.world().resource::<LastAttempt>().clone();
                assert_eq!(attempt.scenario.locale, lang.code());

                let scenario = common::scenario(id, lang.code());
                let mut replay = Session::start(scenario, seed).unwrap();
                for t in attempt.session.turns() {
                    assert!(t.response_time.is_some_and(|s| s >= 0.0));
                    replay
                        .choose_index(scenario, t.choice, t.response_time)
                        .unwrap();
                }
                let expected = score(scenario, common::catalogue(), &replay).unwrap();
                assert_eq!(attempt.debrief, expected, "{lang:?} {id} policy {policy}");
            }
        }
        let attempts = game.app.world().resource::<Attempts>();
        assert_eq!(attempts.debriefs.len(), 6);
        assert_eq!(attempts.scenarios["missing-pin"].attempts, 2);
    }
}

#[test]
fn the_quiz_grades_as_the_core_does() {
    let mut game = Game::new(common::root(), Lang::Zh);
    game.loaded();
    game.send(StartQuiz("angry-customer".into()));
    game.until("the quiz", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Quiz
    });
    let quiz = common::quiz("angry-customer", "zh");
    let answers: Vec<bool> = (0..quiz.items.len()).map(|i| i % 3 != 0).collect();
    for a in &answers {
        game.send(QuizAction::Answer(*a));
        game.app.update();
        game.send(QuizAction::Next);
        game.app.update();
    }
    game.until("the result", |w| {
        w.resource::<Attempts>()
            .quizzes
            .contains_key("angry-customer")
    });
    let result = &game.app.world().resource::<Attempts>().quizzes["angry-customer"];
    assert_eq!(*result, quiz.grade(&answers).unwrap());
    assert_eq!(game.app.world().resource::<Settings>().lang, Lang::Zh);
}

#[test]
fn a_broken_file_is_reported_with_its_position_and_the_rest_still_load() {
    let dir = content_copy();
    let broken = dir.path().join("scenarios/en/broken.scenario.ron");
    std::fs::write(
        &broken,
        "Scenario(\n    id: \"broken\",\n    locale: \"en\"\n    title: \"x\",\n)\n",
    )
    .unwrap();
    let mut game = Game::new(dir.path(), Lang::En);
    game.loaded();
    let content = game.content();
    let shown = broken.display().to_string();
    let problem = content
        .problems()
        .into_iter()
        .find(|p| p.file == shown)
        .unwrap();
    assert!(problem.has_errors() && problem.plays_instead.is_none());
    let first = problem.diagnostics[0].to_string();
    assert!(first.starts_with(&format!("{shown}:4:5: error")), "{first}");
    assert_eq!(
        content
            .library
            .scenarios
            .iter()
            .filter(|s| !s.has_errors)
            .count(),
        common::library().scenarios.len()
    );
}

/// A folder file that replaces a built-in one but has errors leaves the built-in version in
/// play, and says so.
#[test]
fn a_broken_override_leaves_the_built_in_version_playable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenarios/en/angry-customer.scenario.ron");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let text =
        std::fs::read_to_string(common::root().join("scenarios/en/angry-customer.scenario.ron"))
            .unwrap();
    std::fs::write(
        &file,
        text.replacen("next: Node(\"", "next: Node(\"nowhere-", 1),
    )
    .unwrap();
    let mut game = Game::new(dir.path(), Lang::En);
    game.loaded();
    let content = game.content();
    let s = content.scenario("angry-customer", Lang::En).unwrap();
    assert!(s.origin.is_builtin(), "the built-in version plays");
    let problem = content
        .problems()
        .into_iter()
        .find(|p| p.file == file.display().to_string())
        .unwrap();
    assert!(problem.has_errors());
    assert_eq!(
        problem.plays_instead.as_deref(),
        Some("<built-in>/scenarios/en/angry-customer.scenario.ron")
    );
}

#[test]
fn missing_and_empty_folders_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let mut game = Game::with_data(
        &[&missing, dir.path()],
        Lang::En,
        tempfile::tempdir().unwrap(),
    );
    game.loaded();
    let notices = game.content().notices.join("\n");
    assert!(notices.contains("does not exist"), "{notices}");
    assert!(notices.contains("holds none of"), "{notices}");
    // The built-in library is still there.
    assert!(
        game.content()
            .scenario("angry-customer", Lang::En)
            .is_some()
    );
    game.send(StartConversation {
        scenario: "no-such-scenario".into(),
        seed: None,
    });
    for _ in 0..5 {
        game.app.update();
    }
    assert_eq!(game.screen(), Screen::Library);
}

/// Saving a broken edit keeps the last good version playable and lists the error; fixing
/// it loads the new version.
#[test]
fn a_hot_reloaded_broken_file_keeps_the_last_good_version() {
    let dir = content_copy();
    let file: PathBuf = dir.path().join("scenarios/en/missing-pin.scenario.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    let mut game = Game::new(dir.path(), Lang::En);
    game.loaded();
    let shown = file.display().to_string();
    let title_of = |w: &World| {
        w.resource::<Content>()
            .scenario_in("missing-pin", "en")
            .map(|s| s.value.title.clone())
    };
    let original = title_of(game.app.world()).unwrap();

    // Give the watcher a moment to start before the first edit.
    std::thread::sleep(Duration::from_millis(500));
    let cut = good.len() / 2;
    let cut = (0..=cut).rev().find(|i| good.is_char_boundary(*i)).unwrap();
    std::fs::write(&file, &good[..cut]).unwrap();
    game.until("the broken save to be reported", |w| {
        w.resource::<Content>()
            .problems_of(&shown)
            .iter()
            .any(|d| d.issue.severity == frontline_core::Severity::Error)
    });
    let problem = game
        .content()
        .problems()
        .into_iter()
        .find(|p| p.file == shown)
        .unwrap();
    assert_eq!(
        problem.plays_instead,
        Some(format!("{shown} (its last good version)"))
    );
    assert!(
        game.content()
            .scenario_in("missing-pin", "en")
            .unwrap()
            .kept_last_good
    );
    assert_eq!(
        title_of(game.app.world()).as_deref(),
        Some(original.as_str())
    );

    let fixed = good.replacen(
        &format!("title: \"{original}\""),
        "title: \"Edited title\"",
        1,
    );
    assert_ne!(fixed, good, "the test could not find the title to edit");
    std::fs::write(&file, fixed).unwrap();
    game.until("the fixed save to load", |w| {
        title_of(w).as_deref() == Some("Edited title")
            && w.resource::<Content>().problems_of(&shown).is_empty()
    });
}

/// Plays `id` to the end with key `key` (capped to the choices on offer) at every turn and
/// stops at the debrief.
fn play_to_debrief(game: &mut Game, id: &str, seed: u64, key: usize) {
    game.send(StartConversation {
        scenario: id.into(),
        seed: Some(seed),
    });
    game.until("the conversation to open", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Conversation
            && w.get_resource::<Conversation>()
                .is_some_and(|c| c.session.seed() == seed && c.session.turns().is_empty())
    });
    loop {
        let c = game.app.world().resource::<Conversation>();
        let n = match c.session.step(&c.scenario).unwrap() {
            Step::Turn(t) => t.choices.len(),
            Step::Ended(_) => break,
        };
        let before = c.session.turns().len();
        game.send(ConversationAction::Choose(key.min(n)));
        game.until("the choice to apply", |w| {
            w.resource::<Conversation>().session.turns().len() > before
        });
    }
    game.send(ConversationAction::Finish);
    game.until("the debrief", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Debrief
    });
}

/// The records in a game's data folder, read through a connection of their own.
fn stored(game: &Game) -> Vec<frontline_records::Attempt> {
    frontline_records::Store::open(game.data.path())
        .unwrap()
        .attempts(&frontline_records::Filter::default())
        .unwrap()
}

#[test]
fn attempts_are_on_disk_before_the_debrief_and_progress_compare_and_replay_use_them() {
    use frontline_game::debrief::DebriefAction;
    use frontline_game::progress::{ProgressAction, ProgressScreen};
    use frontline_game::records::Saved;

    let mut game = Game::new(common::root(), Lang::En);
    game.loaded();
    play_to_debrief(&mut game, "angry-customer", 21, 9);
    // The first frame of the debrief: the attempt is already committed.
    let on_disk = stored(&game);
    assert_eq!(on_disk.len(), 1);
    let first = game.app.world().resource::<LastAttempt>().clone();
    assert_eq!(first.saved, Saved::Recorded(on_disk[0].id));
    assert_eq!(on_disk[0].debrief, first.debrief);
    assert_eq!(on_disk[0].profile, "Tester");
    assert_eq!(on_disk[0].choices.len(), first.session.turns().len());

    game.send(DebriefAction::Library);
    game.until("the library", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Library
    });
    play_to_debrief(&mut game, "angry-customer", 22, 1);
    assert_eq!(stored(&game).len(), 2);

    game.send(DebriefAction::Progress);
    game.until("the progress screen", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Progress
            && w.contains_resource::<ProgressScreen>()
    });
    let screen = game.app.world().resource::<ProgressScreen>();
    assert_eq!(screen.attempts.len(), 2);
    assert_eq!(screen.progress.overall.len(), 2);
    assert!(
        screen.progress.recommendation.is_some(),
        "a second play gives a recommendation"
    );
    let ids: Vec<i64> = screen.attempts.iter().map(|a| a.id).collect();

    game.send(ProgressAction::Pick(ids[1]));
    game.send(ProgressAction::Pick(ids[0]));
    game.send(ProgressAction::Compare);
    game.until("the comparison", |w| {
        w.resource::<ProgressScreen>().comparing
    });
    let (a, b) = game
        .app
        .world()
        .resource::<ProgressScreen>()
        .pair()
        .unwrap();
    assert_eq!((a.id, b.id), (ids[0], ids[1]));

    game.send(ProgressAction::Replay(ids[0]));
    game.until("the replay", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Debrief
            && matches!(w.resource::<LastAttempt>().saved, Saved::Replay { .. })
    });
    let replay = game.app.world().resource::<LastAttempt>();
    assert_eq!(
        replay.session.turns(),
        first.session.turns(),
        "choice for choice"
    );
    assert_eq!(replay.debrief, first.debrief);
    assert_eq!(
        game.app
            .world()
            .resource::<frontline_game::debrief::DebriefScreen>()
            .walk,
        Some(0),
        "a replay opens at the first turn"
    );
    assert_eq!(stored(&game).len(), 2, "a replay records nothing new");

    // A restart on the same folder shows the same scores in the library.
    let data = game.data;
    let mut again = Game::with_data(&[common::root()], Lang::En, data);
    again.loaded();
    let attempts = again.app.world().resource::<Attempts>();
    assert_eq!(attempts.scenarios["angry-customer"].attempts, 2);
    assert_eq!(attempts.debriefs.len(), 2);
}

#[test]
fn the_trainer_sees_a_new_teaching_warning_on_save_and_previews_from_a_node_without_recording() {
    use frontline_game::conversation::StartPreview;
    use frontline_game::records::Saved;
    let dir = content_copy();
    let file: PathBuf = dir.path().join("scenarios/en/missing-pin.scenario.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    let mut game = Game::new(dir.path(), Lang::En);
    game.loaded();
    std::thread::sleep(Duration::from_millis(500));

    // Save it with the feedback of a costly answer gone: a teaching warning, not an error.
    let feedback = "feedback: \"Out-shouting an angry customer";
    assert!(good.contains(feedback));
    let start = good.find(feedback).unwrap() + "feedback: \"".len();
    let end = start + good[start..].find('"').unwrap();
    std::fs::write(&file, format!("{}{}", &good[..start], &good[end..])).unwrap();
    let shown = file.display().to_string();
    game.until("the teaching warning to be reported", |w| {
        let d = w.resource::<Content>().problems_of(&shown);
        d.iter()
            .all(|d| d.issue.severity != frontline_core::Severity::Error)
            && d.iter()
                .any(|d| d.issue.code == frontline_core::teaching::SILENT_COST)
    });

    // Preview from the fourth node: the session starts there and nothing is recorded.
    game.send(StartPreview {
        id: "missing-pin".into(),
        locale: "en".into(),
        node: Some(3),
    });
    game.until("the preview to open", |w| {
        w.get_resource::<Conversation>()
            .is_some_and(|c| c.preview.is_some() && c.session.node_index() == 3)
    });
    assert!(game.app.world().resource::<Conversation>().coach);
    loop {
        let c = game.app.world().resource::<Conversation>();
        if matches!(c.session.step(&c.scenario).unwrap(), Step::Ended(_)) {
            break;
        }
        let before = c.session.turns().len();
        game.send(ConversationAction::Choose(1));
        game.until("the choice to apply", |w| {
            w.resource::<Conversation>().session.turns().len() > before
        });
    }
    game.send(ConversationAction::Finish);
    game.until("the debrief", |w| {
        *w.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let attempt = game.app.world().resource::<LastAttempt>();
    let node = attempt.scenario.nodes[3].id.as_str().to_owned();
    assert_eq!(attempt.saved, Saved::Preview { node });
    assert!(stored(&game).is_empty(), "a preview is not an attempt");
    assert!(game.app.world().resource::<Attempts>().debriefs.is_empty());
}

/// The trainer view and `frontline check` agree: a folder with each kind of cross-file
/// problem (a translation whose structure differs, a file with no translation, a catalogue id
/// defined in two files) gives the game exactly the diagnostics the command line prints.
#[test]
fn the_game_reports_the_same_cross_file_problems_as_check() {
    use frontline_core::library::{Library, Sources};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let shipped = |path: &str| std::fs::read_to_string(common::root().join(path)).unwrap();
    // A Chinese long-wait whose pass mark differs from the English one.
    let zh = shipped("scenarios/zh/long-wait.scenario.ron").replacen(
        "pass_threshold: 70",
        "pass_threshold: 60",
        1,
    );
    write("scenarios/zh/long-wait.scenario.ron", &zh);
    // A new English scenario with no Chinese version.
    common::write_extra_content(root);
    // The same catalogue id in a second file.
    write(
        "assets/catalogue/again.catalogue.ron",
        &shipped("assets/catalogue/five_s.catalogue.ron").replace("five_s", "again"),
    );

    let cli = Library::load(&Sources::roots([root.to_path_buf()]));
    let mut game = Game::new(root, Lang::En);
    game.loaded();
    let content = game.content();
    let shown =
        |lib: &Library| -> Vec<String> { lib.diagnostics.iter().map(|d| d.to_string()).collect() };
    let (from_game, from_cli) = (shown(&content.library), shown(&cli));
    let codes: std::collections::BTreeSet<&str> =
        cli.diagnostics.iter().map(|d| d.issue.code).collect();
    for code in ["locale-diverges", "missing-translation", "duplicate-id"] {
        assert!(codes.contains(code), "{code} missing from {from_cli:#?}");
    }
    assert_eq!(from_game, from_cli);
}
