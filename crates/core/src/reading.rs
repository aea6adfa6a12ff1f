//! Reading is not thinking: how long a trainee needs to read what a turn puts on screen (the
//! scene, the customer's line and every answer on offer), so that a turn's time budget
//! measures the decision, not reading speed.
//!
//! The rates are typical adult reading of ordinary prose, from published measurements
//! (`docs/scoring.md` cites them):
//! - English: 238 words a minute, silent reading of non-fiction (Brysbaert 2019, "How many
//!   words do we read per minute?", a meta-analysis of 190 studies);
//! - Chinese: 255 characters a minute, native adults reading standard texts aloud (the
//!   International Reading Speed Texts, Trauzettel-Klosinski & Dietz 2012); silent reading is
//!   at least as fast, so the allowance errs on the generous side;
//! - Korean: 202 words (eojeol, the units between spaces) a minute, normal-sighted adults
//!   reading silently (Rhiu et al. 2017, Korean Journal of Ophthalmology 31(3)).
//!
//! A trainee who reads more slowly (a second language, dyslexia, low vision) chooses a slower
//! pace, which multiplies the allowance.

use serde::{Deserialize, Serialize};

/// English words read per minute.
pub const ENGLISH_WORDS_PER_MINUTE: f32 = 238.0;
/// Chinese characters read per minute.
pub const CHINESE_CHARS_PER_MINUTE: f32 = 255.0;
/// Korean words (eojeol) read per minute.
pub const KOREAN_WORDS_PER_MINUTE: f32 = 202.0;

/// How fast a trainee reads, relative to the documented rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pace {
    /// The documented rate.
    #[default]
    Standard,
    /// "I read slowly, or in a second language": half as much time again.
    Slower,
    /// "I read very slowly": twice the time.
    Slowest,
}

impl Pace {
    /// Every pace, fastest first.
    pub const ALL: [Pace; 3] = [Pace::Standard, Pace::Slower, Pace::Slowest];

    /// What the allowance is multiplied by.
    pub fn factor(self) -> f32 {
        match self {
            Pace::Standard => 1.0,
            Pace::Slower => 1.5,
            Pace::Slowest => 2.0,
        }
    }

    /// Name in files, JSON and the records.
    pub fn key(self) -> &'static str {
        match self {
            Pace::Standard => "standard",
            Pace::Slower => "slower",
            Pace::Slowest => "slowest",
        }
    }

    /// The pace named `key`.
    pub fn from_key(key: &str) -> Option<Pace> {
        Pace::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl std::str::FromStr for Pace {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Pace::from_key(s)
            .ok_or_else(|| format!("unknown reading pace `{s}`; use standard, slower or slowest"))
    }
}

impl std::fmt::Display for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A Han ideograph, a kana or a CJK mark: read one by one in Chinese.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'   // CJK punctuation
        | '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}' // full-width forms
    )
}

/// Seconds a reader at the documented rate of `locale` needs for `text`. Chinese characters
/// count one by one; everything else counts by words (runs between spaces).
pub fn seconds(text: &str, locale: &str) -> f32 {
    let han = text.chars().filter(|&c| is_han(c)).count() as f32;
    let words = text
        .split(|c: char| c.is_whitespace() || is_han(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as f32;
    let word_rate = match locale {
        "ko" => KOREAN_WORDS_PER_MINUTE,
        _ => ENGLISH_WORDS_PER_MINUTE,
    };
    60.0 * (han / CHINESE_CHARS_PER_MINUTE + words / word_rate)
}

/// The reading allowance of a turn: the seconds to read `texts` (scene, line and choices as
/// shown) at `pace`, rounded up to a tenth of a second.
pub fn allowance<'a>(texts: impl IntoIterator<Item = &'a str>, locale: &str, pace: Pace) -> f32 {
    let s: f32 = texts.into_iter().map(|t| seconds(t, locale)).sum();
    (s * pace.factor() * 10.0).ceil() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_words_and_chinese_counts_characters() {
        // 238 words take a minute.
        let minute = "word ".repeat(238);
        assert!((seconds(&minute, "en") - 60.0).abs() < 0.01);
        // 255 characters take a minute; punctuation counts, spaces do not.
        let chinese = "您好".repeat(127) + "。";
        assert!((seconds(&chinese, "zh") - 60.0).abs() < 0.01);
        // A Latin word inside Chinese text counts as a word.
        assert!(seconds("请拨打 10000 热线", "zh") > seconds("请拨打热线", "zh"));
    }

    #[test]
    fn a_slower_pace_gives_more_time() {
        let t = ["Good morning. How can I help you today?"];
        let standard = allowance(t, "en", Pace::Standard);
        assert!(standard > 0.0);
        assert!(allowance(t, "en", Pace::Slowest) >= 2.0 * standard - 0.1);
        assert_eq!(Pace::from_key("slower"), Some(Pace::Slower));
        assert_eq!(Pace::from_key("fast"), None);
    }
}
