//! What opening the Team screen costs over a data folder, without the window: read every
//! attempt summary (this computer's and pulled ones) and build the dashboard, as the screen
//! does. Used by `scripts/bench-team.sh`.
//!
//! Usage: `team_open DATA_DIR`

use std::time::Instant;

use frontline_core::library::Library;
use frontline_records::Store;
use frontline_records::dashboard::{self, DashboardFilter};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: team_open DATA_DIR");
    let lib = Library::load(&Default::default());
    let stake = dashboard::at_stake(lib.scenarios.iter().map(|s| &s.value));
    let t = Instant::now();
    let store = Store::open_read_only(std::path::Path::new(&dir)).expect("records");
    let attempts = store.summaries(&Default::default()).expect("summaries");
    let read = t.elapsed();
    let board = dashboard::build(&attempts, &DashboardFilter::default(), &stake);
    let total = t.elapsed();
    // A filter change rebuilds from the summaries in memory.
    let t = Instant::now();
    let f = DashboardFilter {
        locale: Some("zh".into()),
        ..Default::default()
    };
    let narrowed = dashboard::build(&attempts, &f, &stake);
    let refilter = t.elapsed();
    println!(
        "{} attempts, {} learners: read {:.0} ms, open {:.0} ms, refilter {:.0} ms ({} attempts)",
        board.attempts,
        board.learners.len(),
        read.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
        refilter.as_secs_f64() * 1000.0,
        narrowed.attempts
    );
}
