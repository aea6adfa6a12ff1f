//! Playing in the terminal: for trainees without a graphics card and for
//! trainers walking a path quickly.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use frontline::quiz::parse_answer;
use frontline::score::score;
use frontline::session::Step;
use frontline::{Catalogue, Lang, Quiz, Scenario, Session, text};

fn read_line(input: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_owned()),
    }
}

fn meter(mood: i32) -> String {
    let filled = ((mood + 100) as usize * 20).div_ceil(200).min(20);
    format!(
        "[{}{}] {mood:+}",
        "■".repeat(filled),
        "·".repeat(20 - filled)
    )
}

/// Plays a scenario with stdin/stdout.
pub fn scenario(
    s: &Scenario,
    catalogue: &Catalogue,
    seed: u64,
    coach: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let w = lang.words();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout();
    let mut session = Session::start(s, seed).map_err(|e| e.to_string())?;
    println!(
        "━━ {} ━━  ({} {seed})\n{}\n",
        s.title,
        w.seed,
        session.situation(s)
    );
    let name = session.customer_name(s).to_owned();
    loop {
        let turn = match session.step(s) {
            Step::Ended(_) => break,
            Step::Turn(t) => t,
        };
        let stage = frontline::scenario::MotStage::ALL
            .iter()
            .position(|x| *x == turn.node.stage)
            .unwrap_or(0);
        println!(
            "── {} · {} {}",
            w.mot_stages[stage],
            w.mood,
            meter(turn.mood)
        );
        println!("{name}: {}\n", turn.line);
        for c in &turn.choices {
            println!("  {}. {}", c.key, c.choice.text);
        }
        if let Some(b) = turn.node.time_budget {
            println!("  ({} {b:.0}{})", w.time_left, w.seconds);
        }
        let started = Instant::now();
        let key = loop {
            print!(
                "{} > ",
                w.choose_prompt
                    .replace("{n}", &turn.choices.len().to_string())
            );
            let _ = out.flush();
            let Some(answer) = read_line(&mut input) else {
                println!();
                return finish_early(s, catalogue, &session, lang);
            };
            if answer.eq_ignore_ascii_case("q") {
                return finish_early(s, catalogue, &session, lang);
            }
            match answer.parse::<usize>() {
                Ok(k) if (1..=turn.choices.len()).contains(&k) => break k,
                _ => continue,
            }
        };
        let elapsed = started.elapsed().as_secs_f32();
        let chosen = turn.choices[key - 1].choice;
        println!("{}: {}\n", w.you, chosen.text);
        if coach && !chosen.feedback.is_empty() {
            println!("  💡 {}: {}\n", w.coach, chosen.feedback);
        }
        session
            .choose_key(s, key, Some(elapsed))
            .map_err(|e| e.to_string())?;
    }
    if let Step::Ended(end) = session.step(s) {
        println!("{}\n", end.ending.text);
    }
    let debrief = score(s, catalogue, &session);
    print!("{}", text::debrief(&debrief, s, catalogue, lang));
    Ok(ExitCode::SUCCESS)
}

fn finish_early(
    s: &Scenario,
    catalogue: &Catalogue,
    session: &Session,
    lang: Lang,
) -> Result<ExitCode, String> {
    println!("{}", lang.words().quit_hint);
    let debrief = score(s, catalogue, session);
    print!("{}", text::debrief(&debrief, s, catalogue, lang));
    Ok(ExitCode::SUCCESS)
}

/// Plays a quiz with stdin/stdout.
pub fn quiz(q: &Quiz, lang: Lang) -> Result<ExitCode, String> {
    let w = lang.words();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout();
    println!("━━ {} ━━\n{}\n", q.title, q.intro);
    let mut answers = Vec::with_capacity(q.items.len());
    for (i, item) in q.items.iter().enumerate() {
        println!("{}/{}. {}", i + 1, q.items.len(), item.statement);
        let answer = loop {
            print!("{} > ", w.quiz_prompt);
            let _ = out.flush();
            let Some(a) = read_line(&mut input) else {
                println!("\n{}", w.quit_hint);
                return Ok(ExitCode::SUCCESS);
            };
            if a.eq_ignore_ascii_case("q") {
                println!("{}", w.quit_hint);
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(b) = parse_answer(&a) {
                break b;
            }
        };
        let key = if item.answer { w.key_true } else { w.key_false };
        println!(
            "  {} — {key}. {}\n",
            if answer == item.answer {
                w.correct
            } else {
                w.wrong
            },
            item.explanation
        );
        answers.push(answer);
    }
    let result = q.grade(&answers).map_err(|e| e.to_string())?;
    print!("{}", text::quiz_result(&result, q, lang));
    Ok(ExitCode::SUCCESS)
}
