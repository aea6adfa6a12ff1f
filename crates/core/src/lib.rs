//! Frontline's core: scenarios, the principle catalogue, validation, the
//! conversation session, scoring and quizzes — with no Bevy in it.
//!
//! The game, the trainer CLI and the tests all call these same functions, so a
//! score is computed in exactly one place:
//!
//! ```no_run
//! use frontline_core::{Catalogue, Session, load, score::score};
//! let text = std::fs::read_to_string("../../scenarios/en/angry-customer.scenario.ron").unwrap();
//! let mut scenario = load::parse_scenario(&text, "angry-customer.scenario.ron").unwrap();
//! scenario.resolve().unwrap();
//! let catalogue = Catalogue::builtin().unwrap();
//! let mut session = Session::start(&scenario, 42).unwrap();
//! session.choose_key(&scenario, 1, Some(3.5)).unwrap();
//! let debrief = score(&scenario, &catalogue, &session).unwrap();
//! println!("{}", debrief.overall);
//! ```

pub mod balance;
pub mod catalogue;
pub mod code;
pub mod content;
pub mod course;
pub mod diagnostic;
pub mod five_s;
pub mod graph;
pub mod heat;
pub mod i18n;
pub mod ids;
pub mod library;
pub mod limits;
pub mod load;
pub mod locate;
pub mod paths;
pub mod quiz;
pub mod quotes;
pub mod reading;
pub mod rules;
pub mod scenario;
pub mod score;
pub mod session;
pub mod teaching;
pub mod text;
pub mod validate;

pub use catalogue::Catalogue;
pub use diagnostic::{Diagnostic, Issue, Position, Severity};
pub use i18n::Lang;
pub use library::Library;
pub use quiz::Quiz;
pub use scenario::Scenario;
pub use score::Debrief;
pub use session::{Session, Step};
