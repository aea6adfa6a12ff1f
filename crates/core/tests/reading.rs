//! Reading is not thinking: a trainee who reads at the documented rate and answers within
//! the budget earns every timing point, at every node of the shipped library, whatever
//! the customer's line variant, the customer or the order of the answers.

#[path = "../../../tests/common/mod.rs"]
mod common;

use common::*;
use frontline_core::reading::Pace;
use frontline_core::rules::TIMING_POINTS;
use frontline_core::scenario::Dimension;
use frontline_core::score::score;
use frontline_core::session::Session;

/// Answers every turn of a play after `reading(allowance) + extra` seconds and returns the
/// timing points earned and on offer.
fn timed_play(
    s: &frontline_core::Scenario,
    seed: u64,
    node: usize,
    pace: Pace,
    at: impl Fn(f32, f32) -> f32,
) -> (i32, i32, usize) {
    let mut session = Session::start_at(s, seed, node).unwrap().with_pace(pace);
    let mut turns = 0;
    while !session.is_over() && turns < 64 {
        let budget = s.nodes[session.node_index()].time_budget.unwrap_or(0.0);
        let allowance = session.allowance_now(s, pace);
        // The answers differ by seed so that every choice's text is read somewhere.
        let n = session.offered().len();
        let key = 1 + (seed as usize + turns) % n;
        session
            .choose_key(s, key, Some(at(allowance, budget)))
            .unwrap();
        turns += 1;
    }
    let d = score(s, catalogue(), &session).unwrap();
    let speed = d
        .dimensions
        .iter()
        .find(|x| x.dimension == Dimension::Speed)
        .unwrap();
    (speed.timing_earned, speed.timing_possible, turns)
}

#[test]
fn a_reader_at_the_documented_rate_who_answers_within_the_budget_earns_every_timing_point() {
    let lib = library();
    let mut timed_turns = 0;
    for loaded in &lib.scenarios {
        let s = &loaded.value;
        for node in 0..s.nodes.len() {
            for seed in 0..6 {
                for pace in Pace::ALL {
                    // Reading takes the allowance exactly (the documented rate at this
                    // pace); the decision takes the whole budget.
                    let (earned, possible, _) =
                        timed_play(s, seed, node, pace, |allowance, budget| allowance + budget);
                    assert_eq!(
                        earned, possible,
                        "{} ({}) from node `{}`, seed {seed}, {pace}: a reader at the documented rate answering within the budget lost timing points",
                        s.id, s.locale, s.nodes[node].id
                    );
                    timed_turns += possible / TIMING_POINTS;
                }
            }
        }
    }
    assert!(
        timed_turns > 1000,
        "only {timed_turns} timed turns were played"
    );
}

#[test]
fn reading_time_is_not_free_thinking_time_beyond_the_budget() {
    // A turn answered later than twice its budget after reading earns nothing; the same
    // answer given in time earns everything: the clock still measures the decision.
    let s = scenario("angry-customer", "en");
    let (_, possible, _) = timed_play(s, 1, 0, Pace::Standard, |a, b| a + b);
    let (late, _, _) = timed_play(s, 1, 0, Pace::Standard, |a, b| a + 2.0 * b + 0.5);
    assert!(possible > 0);
    assert_eq!(late, 0);
    // Just past the budget after reading: half the points, turn by turn.
    let (just_late, _, _) = timed_play(s, 1, 0, Pace::Standard, |a, b| a + b + 0.01);
    assert_eq!(just_late, possible / 2);
}

#[test]
fn a_slower_pace_gives_more_reading_time_on_every_turn() {
    let s = scenario("hotline-enquiry", "zh");
    let standard = Session::start(s, 3).unwrap();
    let slower = Session::start(s, 3).unwrap().with_pace(Pace::Slower);
    let (a, b) = (
        standard.allowance_now(s, standard.pace()),
        slower.allowance_now(s, slower.pace()),
    );
    assert!(a > 0.0 && b > a, "{a} {b}");
}
