//! Limits that several parts of the engine share: what a file may hold and how far the
//! engine follows it. One place, so the checker, the session and the searches can never
//! disagree about them.

/// Choices one node may offer: the keys 1–9.
pub const MAX_CHOICES: usize = 9;
/// Distinct flags one scenario may use (a session keeps them in one 64-bit word).
pub const MAX_FLAGS: usize = 64;
/// Longest comfortable text for one line on screen, in characters.
pub const LONG_TEXT: usize = 1_200;
/// The locales Frontline offers, which a folder name may stand for.
pub const LOCALES: [&str; 3] = ["en", "zh", "ko"];
/// Longest conversation the path searches and balance follow; longer paths (loops) count
/// as unfinished. The checker refuses a scenario whose paths without repeats are longer.
pub const MAX_TURNS: usize = 64;
/// Largest file accepted. The biggest shipped scenario is well under 100 kB; this leaves
/// room for very large scenarios while refusing a runaway or binary file.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Deepest nesting accepted. Real files nest about eight levels; a deeper file is almost
/// certainly broken, and the limit keeps a hostile one from exhausting the stack.
pub const MAX_NESTING: usize = 64;
/// Longest quote a catalogue entry may carry, in characters.
pub const MAX_QUOTE: usize = 600;
