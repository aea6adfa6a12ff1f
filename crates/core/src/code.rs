//! The stable name of every check, as issues carry it, `check` prints it
//! (`error[dangling-next]`), `check --json` gives it and tests assert it.
//!
//! A name never changes once shipped: scripts and `silence` blocks depend on it. The
//! teaching checks (the last group) are warnings a file may silence with a reason; the
//! rest are faults to fix.

// Reading files and folders.
/// The file could not be read.
pub const UNREADABLE_FILE: &str = "unreadable-file";
/// A folder could not be listed.
pub const UNREADABLE_FOLDER: &str = "unreadable-folder";
/// A pipe, a device or a folder has a content file's name.
pub const NOT_A_FILE: &str = "not-a-file";
/// The file is over the size limit.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// The file is not UTF-8 text.
pub const NOT_UTF8: &str = "not-utf8";
/// The file is empty.
pub const EMPTY_FILE: &str = "empty-file";
/// The file does not parse; the message says where and why.
pub const SYNTAX: &str = "syntax";
/// A path given on the command line does not exist.
pub const MISSING_PATH: &str = "missing-path";
/// A path given on the command line is not a scenario, quiz or catalogue file.
pub const NOT_CONTENT: &str = "not-content";
/// A content folder is missing, a file, or holds nothing Frontline reads.
pub const CONTENT_FOLDER: &str = "content-folder";

// One file.
/// The file's id differs from its file name.
pub const ID_DIFFERS_FROM_FILE: &str = "id-differs-from-file";
/// The file's locale differs from its folder's.
pub const LOCALE_DIFFERS_FROM_FOLDER: &str = "locale-differs-from-folder";
/// A locale Frontline does not offer.
pub const UNKNOWN_LOCALE: &str = "unknown-locale";
/// The scenario has no title.
pub const EMPTY_TITLE: &str = "empty-title";
/// A pass mark outside what scores can reach.
pub const PASS_MARK_OUT_OF_RANGE: &str = "pass-mark-out-of-range";
/// A mood or mood change outside −100..100.
pub const MOOD_OUT_OF_RANGE: &str = "mood-out-of-range";
/// A persona variant without a name.
pub const VARIANT_WITHOUT_NAME: &str = "variant-without-name";
/// A voice's pitch or rate outside −100..100.
pub const VOICE_OUT_OF_RANGE: &str = "voice-out-of-range";
/// An id with a control or invisible character.
pub const INVISIBLE_CHARACTER: &str = "invisible-character";
/// An empty id.
pub const EMPTY_ID: &str = "empty-id";
/// The same id twice where ids must be unique (in a file, a folder or the catalogue).
pub const DUPLICATE_ID: &str = "duplicate-id";
/// An ending without a title or text.
pub const ENDING_WITHOUT_TEXT: &str = "ending-without-text";
/// A scenario without nodes.
pub const NO_NODES: &str = "no-nodes";
/// A scenario without endings.
pub const NO_ENDINGS: &str = "no-endings";
/// `start` names no node.
pub const UNKNOWN_START: &str = "unknown-start";
/// The persona's walk-out ending does not exist.
pub const UNKNOWN_WALK_OUT_ENDING: &str = "unknown-walk-out-ending";
/// The customer starts at or below the walk-out mood.
pub const STARTS_WALKED_OUT: &str = "starts-walked-out";
/// A node without a customer line.
pub const NODE_WITHOUT_LINE: &str = "node-without-line";
/// An empty string among a node's line variants.
pub const EMPTY_LINE_VARIANT: &str = "empty-line-variant";
/// An empty `scene`.
pub const EMPTY_SCENE: &str = "empty-scene";
/// A time budget that is not a sensible number of seconds.
pub const BAD_TIME_BUDGET: &str = "bad-time-budget";
/// A node without choices.
pub const NODE_WITHOUT_CHOICES: &str = "node-without-choices";
/// Every choice of a node has a condition, so none may be on offer.
pub const ALL_CHOICES_CONDITIONAL: &str = "all-choices-conditional";
/// More choices than number keys.
pub const TOO_MANY_CHOICES: &str = "too-many-choices";
/// A choice without text.
pub const CHOICE_WITHOUT_TEXT: &str = "choice-without-text";
/// A choice leads to a node or ending that does not exist.
pub const DANGLING_NEXT: &str = "dangling-next";
/// Points outside −5..5.
pub const POINTS_OUT_OF_RANGE: &str = "points-out-of-range";
/// A choice applies and violates the same principle.
pub const APPLIES_AND_VIOLATES: &str = "applies-and-violates";
/// A choice without feedback.
pub const MISSING_FEEDBACK: &str = "missing-feedback";
/// A condition reads a flag no choice sets.
pub const FLAG_NEVER_SET: &str = "flag-never-set";
/// `{name}` outside the customer's lines, where it would show as typed.
pub const NAME_OUTSIDE_LINES: &str = "name-outside-lines";
/// More flags than supported.
pub const TOO_MANY_FLAGS: &str = "too-many-flags";
/// A node no choice leads to.
pub const UNREACHABLE_NODE: &str = "unreachable-node";
/// An ending no choice leads to.
pub const UNREACHABLE_ENDING: &str = "unreachable-ending";
/// A node from which no ending can be reached.
pub const NO_WAY_OUT: &str = "no-way-out";
/// A conversation that can run past the turn limit.
pub const TOO_LONG: &str = "too-long";
/// A citation of an id the catalogue does not have.
pub const UNKNOWN_PRINCIPLE: &str = "unknown-principle";
/// A text too long for the screen.
pub const LONG_TEXT: &str = "long-text";
/// ASCII punctuation or brackets next to Chinese characters.
pub const ASCII_PUNCTUATION: &str = "ascii-punctuation";
/// A reference the scenario could not resolve.
pub const UNRESOLVED_REFERENCE: &str = "unresolved-reference";
/// A quiz without items.
pub const NO_ITEMS: &str = "no-items";
/// An inferred quiz key that does not say what it rests on.
pub const KEY_NOTE_MISSING: &str = "key-note-missing";
/// A quiz item without a statement.
pub const EMPTY_STATEMENT: &str = "empty-statement";
/// A quiz item without an explanation.
pub const MISSING_EXPLANATION: &str = "missing-explanation";
/// A catalogue id that is not lower-case words joined by dots.
pub const MALFORMED_ID: &str = "malformed-id";
/// A catalogue entry without its English title or summary.
pub const MISSING_ENGLISH: &str = "missing-english";
/// A catalogue entry without its Chinese title or summary.
pub const MISSING_CHINESE: &str = "missing-chinese";
/// A catalogue entry without its Korean title or summary.
pub const MISSING_KOREAN: &str = "missing-korean";
/// A catalogue entry that does not cite its source.
pub const MISSING_CITATION: &str = "missing-citation";
/// A silence names no teaching check.
pub const UNKNOWN_SILENCE: &str = "unknown-silence";
/// A silence without a reason.
pub const SILENCE_WITHOUT_REASON: &str = "silence-without-reason";
/// A silence that covers nothing.
pub const UNUSED_SILENCE: &str = "unused-silence";

// The onboarding course.
/// A course step names no scenario or quiz of the library, or the course has no steps.
pub const UNKNOWN_COURSE_STEP: &str = "unknown-course-step";

// Against the source documents (`check --sources DIR`).
/// A catalogue quote does not occur after the cited heading of the cited file.
pub const QUOTE_NOT_FOUND: &str = "quote-not-found";
/// A catalogue quote longer than the check reads.
pub const QUOTE_TOO_LONG: &str = "quote-too-long";
/// A cited source file is missing, not a file, too large or not UTF-8.
pub const SOURCE_UNREADABLE: &str = "source-unreadable";
/// The cited section heading is not in the cited file.
pub const SECTION_NOT_FOUND: &str = "section-not-found";
/// The cited section heading occurs more than once in its file.
pub const AMBIGUOUS_SECTION: &str = "ambiguous-section";

// Across files.
/// Two language versions differ in more than their text.
pub const LOCALE_PAIR_DIFFERS: &str = "locale-pair-differs";
/// A file has no version in a language the library offers.
pub const MISSING_TRANSLATION: &str = "missing-translation";

// Teaching checks, which a file may silence.
/// A dimension no choice can gain or lose.
pub const UNEXERCISED_DIMENSION: &str = "unexercised-dimension";
/// A choice that costs points or breaks a rule without feedback.
pub const SILENT_COST: &str = "silent-cost";
/// An ending the conditions and moods of play never reach.
pub const ENDING_NEVER_REACHED: &str = "ending-never-reached";
/// A path that passes while breaking a behaviour to avoid.
pub const PASSES_WHILE_BREAKING: &str = "passes-while-breaking";
/// Random answers pass too often.
pub const RANDOM_PLAY_PASSES: &str = "random-play-passes";
/// A quiz item no scenario of its language practises.
pub const QUIZ_ITEM_UNLINKED: &str = "quiz-item-unlinked";
/// A translation that differs from its original in more than text.
pub const LOCALE_DIVERGES: &str = "locale-diverges";
/// A path's Moments-of-Truth stages go backwards.
pub const STAGE_BACKWARDS: &str = "stage-backwards";
/// A path passes only because check and balance do not time the answers.
pub const PASSES_ONLY_UNTIMED: &str = "passes-only-untimed";
/// Feedback or an ending credits the source or the course with what no cited quote says.
pub const UNBACKED_SOURCE_CLAIM: &str = "unbacked-source-claim";
/// The same principle costs very different amounts in different scenarios.
pub const UNEVEN_COST: &str = "uneven-cost";

/// The teaching checks, by the name files use to silence them.
pub const SILENCEABLE: [&str; 9] = [
    UNEXERCISED_DIMENSION,
    SILENT_COST,
    ENDING_NEVER_REACHED,
    PASSES_WHILE_BREAKING,
    RANDOM_PLAY_PASSES,
    QUIZ_ITEM_UNLINKED,
    LOCALE_DIVERGES,
    STAGE_BACKWARDS,
    PASSES_ONLY_UNTIMED,
];
