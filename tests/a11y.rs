//! The game read as a screen reader reads it: the window under Xvfb with the AT-SPI bus on
//! (`scripts/a11y/with-screen-reader-bus.sh`), its accessibility tree walked over AT-SPI by
//! `scripts/a11y/read-tree.py` (Debian's python3-pyatspi), in English, Chinese and Korean.
//! The conversation must read as: the customer's line, each choice a button with its number,
//! the mood as a value with words, the clock. While the screen reader is attached the game
//! must still sleep between events (no continuous redraw).
//!
//! Needs xvfb, dbus-x11, at-spi2-core, python3-pyatspi and mesa-vulkan-drivers; without them
//! this test says so and passes, unless `FRONTLINE_REQUIRE_A11Y=1` (set by `.ci/run`).

#![cfg(feature = "game")]

mod common;

use std::path::Path;
use std::process::Command;

use common::root;

fn tools() -> bool {
    let have = |p: &str| Path::new(p).exists();
    let present = have("/usr/bin/Xvfb")
        && have("/usr/bin/xdotool")
        && have("/usr/libexec/at-spi-bus-launcher")
        && have("/usr/bin/dbus-launch")
        && Command::new("/usr/bin/python3")
            .args(["-c", "import pyatspi"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_A11Y").as_deref() != Ok("1"),
            "the screen-reader tools are required here: apt-get install xvfb xdotool dbus-x11 at-spi2-core python3-pyatspi mesa-vulkan-drivers"
        );
        eprintln!(
            "skipped: no Xvfb / AT-SPI / pyatspi here (apt-get install xvfb xdotool dbus-x11 at-spi2-core python3-pyatspi mesa-vulkan-drivers); the accessibility tree was not read"
        );
    }
    present
}

/// Starts the game on the conversation, reads its tree, then measures its CPU time while
/// nothing happens. Returns the tree and the CPU share of one core over the idle seconds.
fn read(lang: &str, display: u32) -> (String, f64) {
    let steps = r#"tree 120 "push button	1." >"$DATA/tree.txt"
# Let the first line's reading allowance and any start-up work settle, then measure.
sleep 3
idle_ticks >"$DATA/ticks.txt"
# Answer, as a trainee would with the keyboard: the customer's reply must be announced.
/usr/bin/python3 "$ROOT/scripts/a11y/listen.py" 12 >"$DATA/heard.txt" &
listener=$!
sleep 2
key 3
wait $listener"#;
    let args = format!("--scenario angry-customer --seed 3 --lang {lang}");
    let [tree, ticks, heard]: [String; 3] = session(
        &args,
        steps,
        display,
        &["tree.txt", "ticks.txt", "heard.txt"],
    )
    .try_into()
    .unwrap();
    (format!("{tree}\n{heard}"), core_share(&ticks))
}

/// The share of one core that `idle_ticks` measured.
fn core_share(ticks: &str) -> f64 {
    ticks.trim().parse::<f64>().unwrap() / 100.0 / 5.0
}

#[test]
fn a_screen_reader_reads_the_conversation_in_every_language() {
    if !tools() {
        return;
    }
    for (k, lang) in ["en", "zh", "ko"].into_iter().enumerate() {
        let s = common::scenario("angry-customer", lang);
        let (tree, cpu) = read(lang, 91 - k as u32);
        // The first line, whichever variant the seed picked: its opening words.
        let start = s.nodes.iter().find(|n| n.id == s.start).unwrap();
        let openings: Vec<String> = start
            .lines
            .iter()
            .map(|l| l.chars().take(8).collect())
            .collect();
        assert!(
            tree.lines()
                .any(|l| openings.iter().any(|o| l.contains(o.as_str()))),
            "{lang}: the customer's line is not in the tree:\n{tree}"
        );
        // Each choice a named button with its number.
        let buttons: Vec<&str> = tree
            .lines()
            .filter(|l| {
                l.contains("push button")
                    && l.split('\t').nth(2).is_some_and(|n| n.starts_with("1."))
            })
            .collect();
        assert!(
            !buttons.is_empty(),
            "{lang}: no numbered choice button:\n{tree}"
        );
        let mood = frontline_game::words::UiWords::of(lang.parse().unwrap())
            .mood_spoken
            .split('{')
            .next()
            .unwrap()
            .to_owned();
        assert!(
            tree.lines()
                .any(|l| l.contains(mood.trim()) && l.contains(&s.persona.mood.to_string())),
            "{lang}: the mood is not read as a value with words ({mood}):\n{tree}"
        );
        eprintln!(
            "{lang}: idle with a screen reader attached: {:.1}% of a core",
            cpu * 100.0
        );
        // The reply to answer 3 is announced (a live region): it is a line of another box.
        let announced: Vec<&str> = tree
            .lines()
            .filter_map(|l| l.strip_prefix("announcement\t"))
            .collect();
        let later_lines: Vec<String> = s
            .nodes
            .iter()
            .filter(|n| n.id != s.start)
            .flat_map(|n| {
                n.lines
                    .iter()
                    .map(|l| l.chars().take(8).collect::<String>())
            })
            .collect();
        assert!(
            announced
                .iter()
                .any(|a| later_lines.iter().any(|l| a.contains(l.as_str()))),
            "{lang}: the customer's reply was not announced: {announced:?}"
        );
        assert!(
            cpu < 0.5,
            "{lang}: the game used {:.0}% of a core while idle with a screen reader attached",
            cpu * 100.0
        );
        std::fs::create_dir_all(root().join("target/a11y")).unwrap();
        std::fs::write(root().join(format!("target/a11y/tree-{lang}.txt")), &tree).unwrap();
    }
}

/// Runs `steps` (bash, with the game started on `args` and its window focused) under the
/// screen-reader bus; returns the files it wrote to `$DATA`, by name. In `steps`, `tree`
/// reads the tree, `reader on|off` starts or quits the screen reader, `key K` presses a key.
fn session(args: &str, steps: &str, display: u32, files: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        r#"set -e
"$FRONTLINE" --data-dir "$DATA" --profile Mei {args} >"$DATA/game.log" 2>&1 &
game=$!
trap 'kill $game 2>/dev/null || true' EXIT
tree() {{ /usr/bin/python3 "$ROOT/scripts/a11y/read-tree.py" frontline "$@"; }}
reader() {{ bash "$ROOT/scripts/a11y/screen-reader.sh" "$1"; }}
key() {{ xdotool windowfocus --sync "$win" 2>/dev/null || true; xdotool key --clearmodifiers "$1"; }}
# The game's CPU clock ticks (1/100 s) over five seconds in which nothing is pressed.
idle_ticks() {{ a=$(awk '{{print $14 + $15}}' /proc/$game/stat); sleep 5; echo $(( $(awk '{{print $14 + $15}}' /proc/$game/stat) - a )); }}
for _ in $(seq 150); do win=$(xdotool search --name '^Frontline$' 2>/dev/null | head -1) && [ -n "$win" ] && break; sleep 0.2; done
{steps}
"#
    );
    let out = Command::new("bash")
        .arg(root().join("scripts/a11y/with-screen-reader-bus.sh"))
        .args(["bash", "-c", &script])
        .env("FRONTLINE", env!("CARGO_BIN_EXE_frontline"))
        .env("DATA", dir.path())
        .env("ROOT", root())
        .env("A11Y_DISPLAY", display.to_string())
        .env_remove("FRONTLINE_CONTENT")
        .output()
        .unwrap();
    let log = std::fs::read_to_string(dir.path().join("game.log")).unwrap_or_default();
    assert!(
        out.status.success(),
        "{args}: the tree could not be read:\n{}\n{}\n{log}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    files
        .iter()
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
        .collect()
}

#[test]
fn a_screen_reader_reads_the_debrief_and_the_quiz() {
    if !tools() {
        return;
    }
    for (k, lang) in ["en", "zh"].into_iter().enumerate() {
        let l: frontline_core::Lang = lang.parse().unwrap();
        let (w, cw) = (frontline_game::words::UiWords::of(l), l.words());
        // Answer with 1 until the conversation ends, then Enter for the debrief.
        let steps = format!(
            r#"tree 120 "push button	1." >/dev/null
for _ in $(seq 30); do key 1; sleep 0.4; done
tree 30 "{see}" >/dev/null
key Return
tree 60 "{overall} " >"$DATA/debrief.txt""#,
            see = w.see_debrief,
            overall = cw.overall,
        );
        let args = format!("--scenario angry-customer --seed 3 --lang {lang}");
        let debrief = session(&args, &steps, 88 - k as u32, &["debrief.txt"]).remove(0);
        let s = common::scenario("angry-customer", lang);
        for wanted in [
            format!("{} · {}", cw.debrief, s.title),
            format!("{} ", cw.overall),
            cw.your_answers.to_owned(),
        ] {
            assert!(
                debrief.lines().any(|line| line.contains(&wanted)),
                "{lang}: the debrief does not read `{wanted}`:\n{debrief}"
            );
        }
        assert!(
            debrief.lines().any(|line| line.contains("push button")),
            "{lang}: the debrief's actions are not buttons:\n{debrief}"
        );

        let q = common::quiz("who-is-the-customer", lang);
        let steps = format!(
            r#"tree 120 "{agree}" >"$DATA/quiz.txt""#,
            agree = w.answer_agree
        );
        let args = format!("--scenario who-is-the-customer --lang {lang}");
        let quiz = session(&args, &steps, 86 - k as u32, &["quiz.txt"]).remove(0);
        let first: String = q.items[0].statement.chars().take(10).collect();
        assert!(
            quiz.lines().any(|line| line.contains(&first)),
            "{lang}: the quiz's statement is not in the tree:\n{quiz}"
        );
        for answer in [w.answer_agree, w.answer_disagree] {
            assert!(
                quiz.lines()
                    .any(|line| line.contains("push button") && line.contains(answer)),
                "{lang}: `{answer}` is not a button:\n{quiz}"
            );
        }
        std::fs::write(
            root().join(format!("target/a11y/debrief-{lang}.txt")),
            &debrief,
        )
        .ok();
        std::fs::write(root().join(format!("target/a11y/quiz-{lang}.txt")), &quiz).ok();
    }
}

/// A screen reader that quits and starts again, twice, while a conversation runs: the game
/// keeps going without it, and each time it starts it reads the screen as it is now. It
/// starts each time after the turn's clock has run out, when nothing else wakes the game.
#[test]
fn a_screen_reader_can_start_and_quit_while_a_conversation_runs() {
    if !tools() {
        return;
    }
    // The customer's replies to answer 1, then answer 1 again, as the core plays them, and
    // how long each of those turns' clocks keeps changing.
    let s = common::scenario("angry-customer", "en");
    let mut play = frontline_core::session::Session::start(s, 3).unwrap();
    let mut replies = Vec::new();
    let mut settle = Vec::new();
    for _ in 0..2 {
        play.choose_key(s, 1, Some(2.0)).unwrap();
        let frontline_core::session::Step::Turn(turn) = play.step(s).unwrap() else {
            panic!("angry-customer ended too soon");
        };
        replies.push(turn.line.chars().take(24).collect::<String>());
        let budget = turn.node.time_budget.expect("a timed turn");
        let allowance = play.allowance_now(s, frontline_core::reading::Pace::Standard);
        // Late ends at twice the budget; after that the clock shows nothing new.
        settle.push(allowance + 2.0 * budget + 1.5);
    }
    let steps = format!(
        r#"# "unseen" once the game has left the accessibility bus (within ten seconds), else "seen".
left() {{ for _ in $(seq 10); do tree 1 >/dev/null 2>&1 || {{ echo unseen; return; }}; sleep 1; done; echo seen; }}
# The screen reader is on while the conversation opens, then quits: the game leaves the
# accessibility bus, and the trainee answers without it.
tree 120 "push button	1." >/dev/null
reader off
left >"$DATA/before.txt"
key 1
sleep {first_wait:.1}
reader on
tree 20 "push button	1." >"$DATA/first.txt"
reader off
left >"$DATA/gone.txt"
key 1
sleep {second_wait:.1}
idle_ticks >"$DATA/ticks.txt"
reader on
tree 20 "push button	1." >"$DATA/second.txt"
kill -0 $game"#,
        first_wait = settle[0],
        second_wait = settle[1],
    );
    let [before, first, gone, ticks, second]: [String; 5] = session(
        "--scenario angry-customer --seed 3 --lang en",
        &steps,
        84,
        &[
            "before.txt",
            "first.txt",
            "gone.txt",
            "ticks.txt",
            "second.txt",
        ],
    )
    .try_into()
    .unwrap();
    assert_eq!(
        before.trim(),
        "unseen",
        "the tree goes when the screen reader quits"
    );
    assert_eq!(
        gone.trim(),
        "unseen",
        "the tree goes again when the screen reader quits again"
    );
    assert!(
        first.contains(&replies[0]),
        "started while the game slept, the screen reader does not read the reply on screen `{}`:\n{first}",
        replies[0]
    );
    assert!(
        second.contains(&replies[1]),
        "started again after the second answer, the screen reader does not read the screen as it is now (`{}`):\n{second}",
        replies[1]
    );
    let cpu = core_share(&ticks);
    eprintln!(
        "idle after the screen reader quit: {:.1}% of a core",
        cpu * 100.0
    );
    assert!(
        cpu < 0.5,
        "after the screen reader quit the game used {:.0}% of a core while idle",
        cpu * 100.0
    );
}
