//! The screens' views as pure functions of a view-model, driven with egui_kittest: what is
//! shown, and which action a click or a key press returns. No window, no GPU.

#![cfg(feature = "game")]

mod common;

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use frontline_core::scenario::Difficulty;
use frontline_core::score::score;
use frontline_core::{Lang, Session};
use frontline_game::conversation::{Conversation, ConversationAction, ConversationView};
use frontline_game::debrief::{DebriefAction, DebriefView, WalkStep, debrief_view};
use frontline_game::library::{Card, CardStatus, LibraryAction, LibraryView, library_view};
use frontline_game::profile::{ProfileAction, ProfileView, profile_view};
use frontline_game::progress::{ProgressAction, ProgressScreen, ProgressView, progress_view};
use frontline_game::quiz::{QuizAction, QuizRun, QuizView, quiz_view};
use frontline_game::records::Saved;
use frontline_game::words::UiWords;
use frontline_game::{apply_style, conversation::LastAttempt, fonts};

/// A harness over a view; the state keeps the last action returned.
fn harness<'a, A: 'a>(
    mut view: impl FnMut(&mut egui::Ui) -> Option<A> + 'a,
) -> Harness<'a, Option<A>> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, last: &mut Option<A>| {
                if let Some(a) = view(ui) {
                    *last = Some(a);
                }
            },
            None,
        )
}

fn card(id: &str, title: &str) -> Card {
    Card {
        id: id.into(),
        title: title.into(),
        summary: "A summary.".into(),
        difficulty: Some(Difficulty::Medium),
        size: 8,
        locale: "en".into(),
        record: None,
        quiz_score: None,
        reflected: false,
        status: CardStatus::Ready,
        from: None,
    }
}

#[test]
fn profile_enter_uses_the_typed_name() {
    let names = vec!["Mei".to_owned()];
    let mut typed = String::new();
    let mut h = harness(|ui| {
        let v = ProfileView {
            words: UiWords::of(Lang::En),
            lang: Lang::En,
            theme: Default::default(),
            names: &names,
            problem: None,
        };
        profile_view(ui, &v, &mut typed)
    });
    h.run();
    h.get_by_label("Mei").click();
    h.run();
    assert_eq!(h.state(), &Some(ProfileAction::Use("Mei".into())));
    h.get_by_label("中文").click();
    h.run();
    assert_eq!(h.state(), &Some(ProfileAction::Lang(Lang::Zh)));
    h.get_by_label("한국어").click();
    h.run();
    assert_eq!(h.state(), &Some(ProfileAction::Lang(Lang::Ko)));
    // The theme is chosen here too, before any trainee is picked.
    h.get_by_role(egui::accesskit::Role::ComboBox).click();
    h.run();
    h.get_by_label("High contrast").click();
    h.run();
    assert_eq!(
        h.state(),
        &Some(ProfileAction::Theme(
            frontline_game::widgets::Theme::HighContrast
        ))
    );
}

#[test]
fn library_cards_open_by_click_and_by_number_key() {
    let view = LibraryView {
        words: UiWords::of(Lang::En),
        lang: Lang::En,
        trainee: "Mei",
        coach: false,
        pace: frontline_core::reading::Pace::Standard,
        theme: Default::default(),
        course: Some(("Onboarding".into(), 1, 3, Some("Second".into()))),
        scenarios: vec![card("a", "First"), card("b", "Second")],
        quizzes: vec![Card {
            difficulty: None,
            ..card("q", "The quiz")
        }],
        problems: Vec::new(),
        notices: &[],
        loading: false,
        records: Err("disk full".into()),
        records_notice: Some("The records file was damaged"),
    };
    let mut h = harness(|ui| library_view(ui, &view));
    h.run();
    h.get_by_label_contains("Attempts cannot be saved: disk full");
    h.get_by_label_contains("The records file was damaged");
    h.get_by_label_contains("1 of 3 done");
    h.get_by_label_contains("Next in the course: Second");
    h.key_press(egui::Key::P);
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Progress));
    h.get_by_label("Start quiz").click();
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Quiz("q".into())));
    h.key_press(egui::Key::Num2);
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Play("b".into())));
    h.key_press(egui::Key::Num3);
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Quiz("q".into())));
    h.key_press(egui::Key::C);
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Coach(true)));
    // L goes to the next language (en → zh → ko → en).
    h.key_press(egui::Key::L);
    h.run();
    assert_eq!(h.state(), &Some(LibraryAction::Lang(Lang::Zh)));
}

#[test]
fn library_lists_file_errors_with_positions() {
    let problem = frontline_game::assets::FileProblem {
        file: "scenarios/en/x.scenario.ron".into(),
        diagnostics: vec![frontline_core::Diagnostic {
            file: "scenarios/en/x.scenario.ron".into(),
            issue: frontline_core::Issue::error(
                frontline_core::code::SYNTAX,
                Some(frontline_core::Position { line: 4, col: 5 }),
                "expected `,`",
                "add a comma",
            ),
        }],
        plays_instead: Some("<built-in>/scenarios/en/x.scenario.ron".into()),
    };
    let view = LibraryView {
        words: UiWords::of(Lang::En),
        lang: Lang::En,
        trainee: "Mei",
        coach: false,
        pace: frontline_core::reading::Pace::Standard,
        theme: Default::default(),
        course: None,
        scenarios: Vec::new(),
        quizzes: Vec::new(),
        problems: vec![problem],
        notices: &[],
        loading: false,
        records: Ok("/data/records.sqlite3".into()),
        records_notice: None,
    };
    let mut h = harness(|ui| library_view(ui, &view));
    h.run();
    h.get_by_label_contains("scenarios/en/x.scenario.ron:4:5: error[syntax]: expected `,`");
    h.get_by_label_contains(
        "Until then <built-in>/scenarios/en/x.scenario.ron plays in its place.",
    );
    h.get_by_label(UiWords::of(Lang::En).no_scenarios);
    // K cycles the theme: dark → light → high contrast.
    h.key_press(egui::Key::K);
    h.run();
    assert_eq!(
        h.state(),
        &Some(LibraryAction::Theme(frontline_game::widgets::Theme::Light))
    );
}

fn conversation(lang: Lang, coach: bool) -> Conversation {
    let scenario = common::scenario("angry-customer", lang.code()).clone();
    Conversation::start(
        "scenarios/en/angry-customer.scenario.ron".into(),
        scenario,
        3,
        coach,
        frontline_core::reading::Pace::Standard,
    )
    .unwrap()
}

#[test]
fn conversation_choices_answer_by_click_and_by_key() {
    let c = conversation(Lang::En, false);
    let second = match c.session.step(&c.scenario).unwrap() {
        frontline_core::Step::Turn(t) => t.choices[1].choice.text.clone(),
        _ => unreachable!(),
    };
    let mut h = harness(|ui| {
        let v = ConversationView::of(&c, Lang::En);
        frontline_game::conversation::conversation_view(ui, &v)
    });
    h.run();
    h.get_by_label(&format!("2.  {second}")).click();
    h.run();
    assert_eq!(h.state(), &Some(ConversationAction::Choose(2)));
    h.key_press(egui::Key::Num3);
    h.run();
    assert_eq!(h.state(), &Some(ConversationAction::Choose(3)));
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state(), &Some(ConversationAction::Leave));
}

#[test]
fn the_voice_toggles_by_v_and_by_click_and_says_why_it_is_silent() {
    use frontline_game::speech::Status;
    let c = conversation(Lang::Ko, false);
    let w = UiWords::of(Lang::Ko);
    for (status, shown) in [
        (Status::Off, w.voice_off),
        (Status::On, w.voice_on),
        (Status::NoVoice(Lang::Ko), w.voice_on),
    ] {
        let mut h = harness(|ui| {
            let mut v = ConversationView::of(&c, Lang::Ko);
            v.voice = status.clone();
            frontline_game::conversation::conversation_view(ui, &v)
        });
        h.run();
        h.get_by_label(shown).click();
        h.run();
        assert_eq!(h.state(), &Some(ConversationAction::ToggleVoice));
        h.key_press(egui::Key::V);
        h.run();
        assert_eq!(h.state(), &Some(ConversationAction::ToggleVoice));
        let notice = w.voice_no_language.replace("{lang}", "한국어");
        assert_eq!(
            h.query_by_label(&notice).is_some(),
            matches!(status, Status::NoVoice(_)),
            "{status:?}"
        );
    }
}

#[test]
fn coach_mode_shows_feedback_at_once_and_assessment_mode_does_not() {
    for coach in [true, false] {
        let mut c = conversation(Lang::En, coach);
        let feedback = match c.session.step(&c.scenario).unwrap() {
            frontline_core::Step::Turn(t) => t.choices[0].choice.feedback.clone(),
            _ => unreachable!(),
        };
        assert!(c.choose(1));
        let mut h = harness(|ui| {
            let v = ConversationView::of(&c, Lang::En);
            frontline_game::conversation::conversation_view(ui, &v)
        });
        h.run();
        assert_eq!(
            h.query_by_label(&feedback).is_some(),
            coach,
            "coach {coach}"
        );
    }
}

#[test]
fn a_finished_conversation_offers_the_debrief() {
    let mut c = conversation(Lang::Zh, false);
    while !c.session.is_over() {
        assert!(c.choose(1));
    }
    let mut h = harness(|ui| {
        let v = ConversationView::of(&c, Lang::Zh);
        frontline_game::conversation::conversation_view(ui, &v)
    });
    h.run();
    h.get_by_label(UiWords::of(Lang::Zh).see_debrief).click();
    h.run();
    assert_eq!(h.state(), &Some(ConversationAction::Finish));
}

fn attempt(lang: Lang) -> LastAttempt {
    let scenario = common::scenario("missing-pin", lang.code()).clone();
    let mut session = Session::start(&scenario, 9).unwrap();
    while !session.is_over() {
        session.choose_key(&scenario, 2, Some(4.0)).unwrap();
    }
    let debrief = score(&scenario, common::catalogue(), &session).unwrap();
    LastAttempt {
        scenario,
        session,
        debrief,
        saved: Saved::Recorded(1),
    }
}

#[test]
fn debrief_shows_the_score_moments_and_walk_through() {
    for lang in Lang::ALL {
        let a = attempt(lang);
        let core = lang.words();
        let mut walk: Option<usize> = None;
        let mut h = harness(|ui| {
            let v = DebriefView {
                words: UiWords::of(lang),
                core_words: core,
                lang,
                title: &a.scenario.title,
                debrief: &a.debrief,
                ending: None,
                walk_out_at: None,
                walk: walk.and_then(|i| WalkStep::of(&a, i)),
                quiz: Some(("angry-customer", "Quiz")),
                saved: &a.saved,
                catalogue: Some(common::catalogue()),
            };
            let action = debrief_view(ui, &v);
            if let Some(DebriefAction::Walk(at)) = &action {
                walk = *at;
            }
            action
        });
        h.run();
        h.get_by_label_contains(&format!("{} {} / 100", core.overall, a.debrief.overall));
        for m in &a.debrief.violations {
            h.get_all_by_label(m.title.get(lang)).next().unwrap();
        }
        h.key_press(egui::Key::W);
        h.run();
        h.run();
        assert_eq!(h.state(), &Some(DebriefAction::Walk(Some(0))));
        let first = &a.debrief.choices[0];
        h.get_all_by_label(&first.text).next().unwrap();
        h.key_press(egui::Key::R);
        h.run();
        assert_eq!(h.state(), &Some(DebriefAction::Retry));
    }
}

#[test]
fn quiz_answers_by_key_then_explains() {
    let quiz = common::quiz("angry-customer", "en").clone();
    let mut run = QuizRun::new(quiz.clone());
    let view = |run: &QuizRun, ui: &mut egui::Ui| {
        let v = QuizView {
            words: UiWords::of(Lang::En),
            core_words: Lang::En.words(),
            run,
            practice: Vec::new(),
        };
        quiz_view(ui, &v)
    };
    let mut h = harness(|ui| view(&run, ui));
    h.run();
    h.get_by_label(&quiz.items[0].statement);
    h.key_press(egui::Key::T);
    h.run();
    assert_eq!(h.state(), &Some(QuizAction::Answer(true)));
    drop(h);
    run.apply(QuizAction::Answer(true));
    let mut h = harness(|ui| view(&run, ui));
    h.run();
    h.get_by_label(&quiz.items[0].explanation);
    h.get_by_label_contains("you answered true");
    h.get_by_label(UiWords::of(Lang::En).next_statement).click();
    h.run();
    assert_eq!(h.state(), &Some(QuizAction::Next));
}

/// Chinese and Korean text lay out with real glyphs once the bundled font is installed
/// (egui's own fonts would draw boxes).
#[test]
fn the_bundled_font_covers_chinese_and_korean() {
    let mut h = Harness::new_ui(|ui| {
        fonts::install(ui.ctx());
        apply_style(ui.ctx());
        ui.label("客户服务 고객 서비스");
    });
    h.run();
    h.run();
    let ctx = h.ctx.clone();
    let font = egui::FontId::proportional(15.0);
    ctx.fonts_mut(|f| {
        for c in "客户服务고객서비스".chars() {
            assert!(f.has_glyph(&font, c), "no glyph for {c}");
        }
    });
}

#[test]
fn an_unsaved_debrief_says_so_and_s_tries_again() {
    let mut a = attempt(Lang::En);
    a.saved = Saved::Failed("database or disk is full".into());
    let mut h = harness(|ui| {
        let v = DebriefView {
            words: UiWords::of(Lang::En),
            core_words: Lang::En.words(),
            lang: Lang::En,
            title: &a.scenario.title,
            debrief: &a.debrief,
            ending: None,
            walk_out_at: None,
            walk: None,
            quiz: None,
            saved: &a.saved,
            catalogue: None,
        };
        debrief_view(ui, &v)
    });
    h.run();
    h.get_by_label_contains("NOT SAVED: database or disk is full");
    h.key_press(egui::Key::S);
    h.run();
    assert_eq!(h.state(), &Some(DebriefAction::SaveAgain));
    h.key_press(egui::Key::P);
    h.run();
    assert_eq!(h.state(), &Some(DebriefAction::Progress));
}

fn recorded(lang: Lang, policy: usize, minutes: i64, id: i64) -> frontline_records::Attempt {
    let s = common::scenario("angry-customer", lang.code());
    let mut session = Session::start(s, 5).unwrap();
    while !session.is_over() {
        let n = session.offered().len();
        session.choose_key(s, policy.min(n), Some(3.0)).unwrap();
    }
    let debrief = score(s, common::catalogue(), &session).unwrap();
    let start = time::OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap()
        + time::Duration::minutes(minutes);
    frontline_records::Attempt {
        id,
        ..frontline_records::Attempt::new("Mei", s, &session, debrief, start, &[], false)
    }
}

#[test]
fn progress_shows_the_recommendation_and_compares_two_picked_attempts() {
    for lang in Lang::ALL {
        let attempts = vec![recorded(lang, 3, 0, 1), recorded(lang, 1, 10, 2)];
        let scenarios: Vec<&frontline_core::Scenario> = common::SEED_SCENARIOS
            .iter()
            .map(|id| common::scenario(id, lang.code()))
            .collect();
        let progress =
            frontline_records::progress::progress(&attempts, &scenarios, common::catalogue());
        let recommendation = progress.recommendation.clone().expect("a recommendation");
        let mut screen = ProgressScreen {
            attempts,
            progress,
            ..Default::default()
        };
        let words = UiWords::of(lang);
        {
            let mut h = harness(|ui| {
                let v = ProgressView {
                    words,
                    core_words: lang.words(),
                    lang,
                    trainee: "Mei",
                    screen: &screen,
                    comparison: None,
                    problem: None,
                };
                progress_view(ui, &v)
            });
            h.run();
            h.get_by_label_contains(&recommendation.explain(lang));
            h.get_by_label(words.trend);
            h.key_press(egui::Key::Enter);
            h.run();
            assert_eq!(
                h.state(),
                &Some(ProgressAction::Practise(recommendation.scenario.clone()))
            );
            h.get_all_by_label(words.replay).next().unwrap().click();
            h.run();
            assert_eq!(h.state(), &Some(ProgressAction::Replay(2)), "newest first");
            h.key_press(egui::Key::ArrowDown);
            h.run();
            assert_eq!(h.state(), &Some(ProgressAction::Select(1)));
            h.key_press(egui::Key::Space);
            h.run();
            assert_eq!(h.state(), &Some(ProgressAction::Pick(2)), "the cursor row");
            h.key_press(egui::Key::R);
            h.run();
            assert_eq!(h.state(), &Some(ProgressAction::Replay(2)));
        }
        screen.picked = vec![2, 1];
        let (a, b) = screen.pair().expect("two attempts of one scenario");
        assert_eq!((a.id, b.id), (1, 2), "the earlier is A");
        let comparison = frontline_records::compare::compare(&a.debrief, &b.debrief);
        let first_line = comparison.explain(lang)[0].clone();
        let mut h = harness(|ui| {
            let v = ProgressView {
                words,
                core_words: lang.words(),
                lang,
                trainee: "Mei",
                screen: &screen,
                comparison: Some((a, b, comparison.clone())),
                problem: None,
            };
            progress_view(ui, &v)
        });
        h.run();
        h.get_by_label(&first_line);
        h.get_all_by_label(&a.debrief.choices[0].text)
            .next()
            .unwrap();
        h.get_all_by_label(&b.debrief.choices[0].text)
            .next()
            .unwrap();
        h.key_press(egui::Key::Escape);
        h.run();
        assert_eq!(h.state(), &Some(ProgressAction::CloseCompare));
    }
}

#[test]
fn trainer_view_lists_checks_draws_the_graph_and_previews() {
    use frontline_game::trainer::{Analysis, FileRow, TrainerAction, TrainerView, trainer_view};
    let s = common::scenario("angry-customer", "en");
    let analysis = Analysis {
        layout: frontline_core::graph::layout(s, common::catalogue()),
        balance: frontline_core::balance::analyse(s, 10_000, 0, false, |_| {}),
    };
    let warning = frontline_core::Diagnostic {
        file: "scenarios/en/my-draft.scenario.ron".into(),
        issue: frontline_core::Issue::warning(
            frontline_core::teaching::RANDOM_PLAY_PASSES,
            Some(frontline_core::Position { line: 24, col: 5 }),
            "random answers pass 31.0% of the time",
            "make the tempting wrong answers cost more",
        ),
    };
    let files = vec![
        FileRow {
            path: "scenarios/en/angry-customer.scenario.ron".into(),
            errors: 0,
            warnings: 0,
            diagnostics: Vec::new(),
            playable: true,
        },
        FileRow {
            path: "scenarios/en/my-draft.scenario.ron".into(),
            errors: 0,
            warnings: 1,
            diagnostics: vec![warning],
            playable: true,
        },
    ];
    for (selected, node) in [(0, Some(2)), (1, None)] {
        let view = TrainerView {
            words: UiWords::of(Lang::En),
            core_words: Lang::En.words(),
            files: files.clone(),
            selected: Some(selected),
            scenario: Some(s),
            analysis: Some(&analysis),
            node,
            heat: None,
        };
        let mut h = harness(|ui| trainer_view(ui, &view));
        h.run();
        h.get_by_label_contains("Random play passes");
        if selected == 1 {
            h.get_by_label_contains("my-draft.scenario.ron:24:5: warning[random-play-passes]");
            h.key_press(egui::Key::ArrowUp);
            h.run();
            assert_eq!(h.state(), &Some(TrainerAction::SelectFile(0)));
            h.get_by_label("Preview from the start").click();
            h.run();
            assert_eq!(h.state(), &Some(TrainerAction::Preview(None)));
        } else {
            h.get_by_label("No problems: no errors, no teaching warnings.");
            // The selected node's turn, with a preview button.
            h.get_by_label_contains("Node `shouting`");
            h.key_press(egui::Key::Enter);
            h.run();
            assert_eq!(h.state(), &Some(TrainerAction::Preview(Some(2))));
            h.key_press(egui::Key::ArrowDown);
            h.run();
            assert_eq!(h.state(), &Some(TrainerAction::SelectFile(1)));
        }
    }
}

#[test]
fn the_trainer_view_shows_what_recorded_attempts_chose() {
    use frontline_game::trainer::{Analysis, FileRow, TrainerAction, TrainerView, trainer_view};
    let s = common::scenario("angry-customer", "en");
    let analysis = Analysis {
        layout: frontline_core::graph::layout(s, common::catalogue()),
        balance: None,
    };
    let mut heat = frontline_core::heat::Heat::new(s);
    for k in 0..6 {
        let session = frontline_core::paths::play_random(s, k).unwrap();
        let answers: Vec<(String, String, Option<f32>)> = session
            .turns()
            .iter()
            .map(|t| {
                let node = &s.nodes[t.node];
                (
                    node.id.to_string(),
                    node.choices[t.choice].id.to_string(),
                    Some(5.0),
                )
            })
            .collect();
        let refs: Vec<frontline_core::heat::Answer> = answers
            .iter()
            .map(|(n, c, t)| (n.as_str(), c.as_str(), *t))
            .collect();
        heat.add(s, &refs, k % 2 == 0, true, false);
    }
    let start = s.nodes.iter().position(|n| n.id == s.start).unwrap();
    let view = TrainerView {
        words: UiWords::of(Lang::En),
        core_words: Lang::En.words(),
        files: vec![FileRow {
            path: "scenarios/en/angry-customer.scenario.ron".into(),
            errors: 0,
            warnings: 0,
            diagnostics: Vec::new(),
            playable: true,
        }],
        selected: Some(0),
        scenario: Some(s),
        analysis: Some(&analysis),
        node: Some(start),
        heat: Some(&heat),
    };
    let mut h = harness(|ui| trainer_view(ui, &view));
    h.run();
    h.get_by_label_contains("What recorded attempts chose (6,");
    // The first box's choices carry their figures in the node panel.
    let taken: usize = heat.choices[start].iter().map(|c| c.taken).sum();
    assert_eq!(taken, 6);
    for k in 0..s.nodes[start].choices.len() {
        if heat.choices[start][k].taken > 0 {
            assert!(h.get_all_by_label(&heat.label(start, k)).next().is_some());
        }
    }
    h.key_press(egui::Key::H);
    h.run();
    assert_eq!(h.state(), &Some(TrainerAction::ToggleHeat));
}

#[test]
fn team_shows_the_grid_filters_and_opens_a_learner() {
    use frontline_game::team::{Since, TeamAction, TeamView, screen_of, team_view};
    for lang in Lang::ALL {
        let mut attempts: Vec<frontline_records::AttemptSummary> = [(3, 0), (1, 10)]
            .into_iter()
            .enumerate()
            .map(|(i, (policy, minutes))| {
                let mut a = recorded(lang, policy, minutes, i as i64 + 1);
                a.profile = ["Mei", "Bo"][i].into();
                frontline_records::AttemptSummary::from(&a)
            })
            .collect();
        attempts[1].source = Some("https://lrs.example/xAPI/".into());
        let groups = std::collections::BTreeMap::from([(
            "intake".to_owned(),
            std::collections::BTreeSet::from(["Bo".to_owned()]),
        )]);
        let lib = frontline_core::library::Library::load(&Default::default());
        let mut screen = screen_of(attempts, Ok(groups), &lib, lang);
        assert_eq!(screen.board.learners, ["Bo", "Mei"]);
        assert_eq!(screen.pulled, 1);
        let words = UiWords::of(lang);
        {
            let mut h = harness(|ui| {
                let v = TeamView {
                    words,
                    core_words: lang.words(),
                    screen: &screen,
                    problem: None,
                };
                team_view(ui, &v)
            });
            h.run();
            h.get_by_label(words.team_grid);
            h.get_by_label(words.team_breaks);
            h.get_by_label_contains(&words.team_pulled.replace("{n}", "1"));
            h.get_by_label("Mei").click();
            h.run();
            assert_eq!(h.state(), &Some(TeamAction::Learner("Mei".into())));
            h.key_press(egui::Key::F);
            h.run();
            match h.state() {
                Some(TeamAction::Filter(f)) => assert_eq!(f.since, Since::Weeks4),
                other => panic!("{other:?}"),
            }
            h.key_press(egui::Key::Escape);
            h.run();
            assert_eq!(h.state(), &Some(TeamAction::Back));
        }
        // A group narrows the figures.
        let mut f = screen.filters.clone();
        f.group = Some("intake".into());
        screen.refilter(f);
        assert_eq!(screen.board.learners, ["Bo"]);
        // Nothing under the filters: the screen says why it is empty.
        let mut f = screen.filters.clone();
        f.locale = Some("xx".into());
        screen.refilter(f);
        let mut h = harness(|ui| {
            let v = TeamView {
                words,
                core_words: lang.words(),
                screen: &screen,
                problem: None,
            };
            team_view(ui, &v)
        });
        h.run();
        let start: String = words.team_empty.chars().take(6).collect();
        h.get_by_label_contains(&start);
    }
}
