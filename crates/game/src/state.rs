//! What every screen shares: the screen state, the trainee's settings, and the attempts
//! played (read from the records).

use std::collections::HashMap;
use std::path::PathBuf;

use bevy::prelude::*;

use frontline_core::Lang;
use frontline_core::quiz::QuizResult;
use frontline_core::score::Debrief;

/// The screen on show. Each screen is a plugin in its own file.
#[derive(States, Default, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Pick or create the trainee's name.
    #[default]
    Profile,
    /// Every scenario and quiz, with load status and scores so far.
    Library,
    /// A conversation with a simulated customer.
    Conversation,
    /// The score of the conversation just finished, principle by principle.
    Debrief,
    /// True-or-false statements with explanations.
    Quiz,
    /// Attempts over time, the 5S trend, what to practise next; compare and replay.
    Progress,
    /// Live checks, graph, balance and previews of the scenario files.
    Trainer,
    /// The training lead's view of the whole team.
    Team,
}

/// How the game was asked to start (command-line flags).
#[derive(Resource, Debug, Clone, Default)]
pub struct Launch {
    /// Trainee name to use instead of asking.
    pub profile: Option<String>,
    /// Scenario id to open straight into.
    pub scenario: Option<String>,
    /// Seed for the first conversation.
    pub seed: Option<u64>,
    /// Content folders on top of the built-in library.
    pub sources: frontline_core::library::Sources,
    /// Folder where the trainee list and settings are kept.
    pub data_dir: PathBuf,
}

/// Choices the trainee makes that apply to every screen.
#[derive(Resource, Debug, Clone)]
pub struct Settings {
    /// Interface and content language.
    pub lang: Lang,
    /// Coach mode: each choice's feedback shows at once instead of in the debrief.
    pub coach: bool,
    /// Text size (egui zoom factor), changed with Ctrl +/-.
    pub zoom: f32,
    /// The trainee's reading pace: how much reading time each turn allows.
    pub pace: frontline_core::reading::Pace,
    /// Dark, light or high contrast.
    pub theme: super::widgets::Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            coach: false,
            zoom: 1.0,
            pace: frontline_core::reading::Pace::Standard,
            theme: super::widgets::Theme::Dark,
        }
    }
}

/// The trainee playing now.
#[derive(Resource, Debug, Clone, Default)]
pub struct Trainee {
    /// Name as typed.
    pub name: String,
}

/// Best score and number of finished attempts of one scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    /// Finished attempts.
    pub attempts: u32,
    /// Highest overall score.
    pub best: u32,
    /// Whether any attempt passed.
    pub passed: bool,
}

/// The trainee's results, read from the records when the library opens and added to as
/// they play.
#[derive(Resource, Debug, Default)]
pub struct Attempts {
    /// Per scenario id.
    pub scenarios: HashMap<String, Record>,
    /// Every debrief, oldest first (quiz alignment looks at them).
    pub debriefs: Vec<Debrief>,
    /// The latest result of each quiz, by quiz id.
    pub quizzes: HashMap<String, QuizResult>,
}

impl Attempts {
    /// Counts a finished conversation.
    pub fn add(&mut self, debrief: &Debrief) {
        let r = self.scenarios.entry(debrief.scenario.clone()).or_default();
        r.attempts += 1;
        r.best = r.best.max(debrief.overall);
        r.passed |= debrief.passed;
        self.debriefs.push(debrief.clone());
    }
}
