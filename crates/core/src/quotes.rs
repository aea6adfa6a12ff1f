//! Checks that each catalogue quote occurs in the source file it cites, after the cited
//! section heading (`frontline check --sources DIR`).
//!
//! A citation is only worth something if the passage is really there. The comparison
//! ignores whitespace and the width of punctuation (`，` and `,`, `（` and `(`, full-width
//! letters), because the source files mix them freely; anything else must match exactly.
//! When a quote is not found the report shows the closest passage of the section and
//! names the characters the source does not have at all (a traditional character where
//! the file has the simplified one is called out as such).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::catalogue::{CatalogueFile, Principle};
use crate::code;
use crate::diagnostic::{Diagnostic, Issue, Position};
use crate::limits::MAX_QUOTE;
use crate::locate::SourceMap;

/// Headings this long (in normalised characters) or longer are expected to be unique in
/// their article; shorter ones are item numbers.
const MIN_HEADING: usize = 4;

/// The source documents of one folder, read once each and only when cited.
#[derive(Debug)]
pub struct SourceDocs {
    dir: PathBuf,
    docs: HashMap<String, Result<Doc, String>>,
}

/// One source file, normalised for comparison.
#[derive(Debug)]
struct Doc {
    /// The file's lines as written, for quoting back.
    lines: Vec<String>,
    /// The normalised characters of the whole file.
    chars: Vec<char>,
    /// For each normalised character, its 0-based line.
    line_of: Vec<usize>,
    /// For each line, the index in `chars` of its first normalised character.
    line_start: Vec<usize>,
    /// Articles (`第一篇…`), as ranges of `chars`; empty when the file has none.
    articles: Vec<std::ops::Range<usize>>,
}

/// Where a section was found, or why not.
struct Section {
    /// The characters the quote must lie in.
    range: std::ops::Range<usize>,
    /// 1-based line of the last heading found.
    heading_line: usize,
    /// A 1-based line where the same heading occurs again, if any.
    again: Option<usize>,
}

impl SourceDocs {
    /// Sources in `dir`; nothing is read until a citation names a file.
    pub fn new(dir: impl Into<PathBuf>) -> SourceDocs {
        SourceDocs {
            dir: dir.into(),
            docs: HashMap::new(),
        }
    }

    /// The folder the sources are read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn doc(&mut self, file: &str) -> &Result<Doc, String> {
        let dir = &self.dir;
        self.docs.entry(file.to_owned()).or_insert_with(|| {
            // A file name from a catalogue names a file in the sources folder, nothing
            // above or outside it.
            let plain = Path::new(file)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !plain {
                return Err("a cited file is named as it is in the sources folder, without `..` or a leading `/`".into());
            }
            read_doc(&dir.join(file))
        })
    }
}

fn read_doc(path: &Path) -> Result<Doc, String> {
    if !path.exists() {
        return Err("no such file in the sources folder".into());
    }
    // Read as any content file is: a regular file only, bounded, UTF-8.
    let text = crate::content::read_text(path).map_err(|e| e.issue.message)?;
    Ok(Doc::new(&text))
}

impl Doc {
    fn new(text: &str) -> Doc {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut chars = Vec::new();
        let mut line_of = Vec::new();
        let mut line_start = Vec::with_capacity(lines.len());
        let mut starts = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            line_start.push(chars.len());
            if is_article_heading(line) {
                starts.push(chars.len());
            }
            for c in normalise(line) {
                chars.push(c);
                line_of.push(i);
            }
        }
        let articles = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| s..starts.get(k + 1).copied().unwrap_or(chars.len()))
            .collect();
        Doc {
            lines,
            chars,
            line_of,
            line_start,
            articles,
        }
    }

    /// Resolves `section`: an optional `art.N` (the Nth article of a collection), then one
    /// or more headings in order, each found at the start of a line after the previous.
    fn section(&self, section: &str) -> Result<Section, String> {
        let mut tokens: Vec<&str> = section.split_whitespace().collect();
        let mut range = 0..self.chars.len();
        if let Some(n) = tokens
            .first()
            .and_then(|t| t.strip_prefix("art."))
            .and_then(|n| n.parse::<usize>().ok())
        {
            range = match self.articles.get(n.wrapping_sub(1)) {
                Some(r) => r.clone(),
                None if self.articles.is_empty() => {
                    return Err(format!(
                        "`art.{n}` names an article, but the file has no article headings (第一篇 …)"
                    ));
                }
                None => {
                    return Err(format!(
                        "`art.{n}`: the file has {} articles",
                        self.articles.len()
                    ));
                }
            };
            tokens.remove(0);
        }
        let mut at = range.start;
        let mut heading_line = self.line_of.get(at).map_or(1, |l| l + 1);
        let mut again = None;
        let mut i = 0;
        while i < tokens.len() {
            // The longest run of words that is a heading: a heading may contain spaces.
            let found = (i + 1..=tokens.len()).rev().find_map(|j| {
                let wanted: Vec<char> = normalise(&tokens[i..j].join(" ")).collect();
                self.heading(&wanted, at, range.end)
                    .map(|line| (j, line, wanted))
            });
            let Some((j, line, wanted)) = found else {
                return Err(format!(
                    "no line after line {heading_line} starts with `{}`",
                    tokens[i]
                ));
            };
            let after = self.line_start[line] + wanted.len();
            // A heading named twice is ambiguous; a short item number ("5") recurs in every
            // numbered list and is placed by the heading before it, so it is not.
            again = (wanted.len() >= MIN_HEADING)
                .then(|| self.heading_in(&wanted, self.next_line(line), range.end, false))
                .flatten()
                .map(|l| l + 1);
            heading_line = line + 1;
            at = after.min(range.end);
            i = j;
        }
        Ok(Section {
            range: at..range.end,
            heading_line,
            again,
        })
    }

    /// The first 0-based line in `from..to` whose normalised text starts with `wanted`,
    /// else the first that contains it (an article's title line, `第二篇:演讲稿:…`).
    fn heading(&self, wanted: &[char], from: usize, to: usize) -> Option<usize> {
        self.heading_in(wanted, from, to, true)
    }

    /// [`Doc::heading`], with the fallback to a line that only contains `wanted` when
    /// `loose`.
    fn heading_in(&self, wanted: &[char], from: usize, to: usize, loose: bool) -> Option<usize> {
        if wanted.is_empty() {
            return None;
        }
        let first = self.line_of.get(from).copied()?;
        // Blank lines have no characters of their own; they would alias the next line.
        let lines = || {
            (first..self.lines.len())
                .map(|l| (l, self.line_start[l], self.next_line(l)))
                .filter(|&(_, s, e)| s >= from && s < to && s < e)
        };
        lines()
            .find(|&(_, s, _)| self.chars[s..].starts_with(wanted))
            .or_else(|| {
                if !loose {
                    return None;
                }
                lines().find(|&(_, s, e)| {
                    self.chars[s..e.min(to)]
                        .windows(wanted.len())
                        .any(|w| w == wanted)
                })
            })
            .map(|(l, _, _)| l)
    }

    fn next_line(&self, line: usize) -> usize {
        self.line_start
            .get(line + 1)
            .copied()
            .unwrap_or(self.chars.len())
    }

    fn find(&self, wanted: &[char], range: std::ops::Range<usize>) -> Option<usize> {
        if wanted.is_empty() || range.len() < wanted.len() {
            return None;
        }
        self.chars[range.clone()]
            .windows(wanted.len())
            .position(|w| w == wanted)
            .map(|p| p + range.start)
    }

    /// The passage of `range` most like `wanted`, by shared character pairs: its 1-based
    /// first line and its normalised text.
    fn closest(&self, wanted: &[char], range: std::ops::Range<usize>) -> Option<(usize, String)> {
        if range.is_empty() || wanted.len() < 2 {
            return None;
        }
        let pairs: std::collections::HashSet<(char, char)> =
            wanted.windows(2).map(|w| (w[0], w[1])).collect();
        let hay = &self.chars[range.clone()];
        let hits: Vec<u32> = hay
            .windows(2)
            .map(|w| u32::from(pairs.contains(&(w[0], w[1]))))
            .collect();
        let width = (wanted.len() - 1).min(hits.len());
        if width == 0 {
            return None;
        }
        let mut sum: u32 = hits[..width].iter().sum();
        let (mut best, mut best_at) = (sum, 0);
        for start in 1..=hits.len() - width {
            sum = sum + hits[start + width - 1] - hits[start - 1];
            if sum > best {
                best = sum;
                best_at = start;
            }
        }
        if best == 0 {
            return None;
        }
        let first = self.line_of[range.start + best_at];
        let text: String = self.chars[range.start + best_at..range.start + best_at + width + 1]
            .iter()
            .collect();
        Some((first + 1, text))
    }
}

fn is_article_heading(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('第') else {
        return false;
    };
    let digits: String = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百0123456789".contains(*c))
        .collect();
    !digits.is_empty() && rest[digits.len()..].starts_with('篇')
}

/// Whitespace dropped, full-width forms and CJK punctuation folded to their ASCII
/// counterparts, so `微笑(S mile):` and `微笑（Smile）：` compare equal.
pub fn normalise(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !c.is_whitespace()).map(fold)
}

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '。' => '.',
        '、' => ',',
        '“' | '”' | '„' | '「' | '」' => '"',
        '‘' | '’' | '『' | '』' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '《' | '〈' => '<',
        '》' | '〉' => '>',
        '—' | '–' => '-',
        '·' | '・' => '.',
        _ => c,
    }
}

/// Traditional characters and their simplified forms, for the hint when a quote was
/// typed in the other script. Not a converter: a quote must match the file exactly.
const TRADITIONAL: &[(char, char)] = &[
    ('務', '务'),
    ('說', '说'),
    ('應', '应'),
    ('業', '业'),
    ('們', '们'),
    ('顧', '顾'),
    ('與', '与'),
    ('為', '为'),
    ('時', '时'),
    ('處', '处'),
    ('問', '问'),
    ('題', '题'),
    ('個', '个'),
    ('來', '来'),
    ('這', '这'),
    ('會', '会'),
    ('對', '对'),
    ('發', '发'),
    ('後', '后'),
    ('從', '从'),
    ('關', '关'),
    ('點', '点'),
    ('現', '现'),
    ('電', '电'),
    ('話', '话'),
    ('號', '号'),
    ('導', '导'),
    ('員', '员'),
    ('當', '当'),
    ('種', '种'),
    ('經', '经'),
    ('體', '体'),
    ('讓', '让'),
    ('錢', '钱'),
    ('議', '议'),
    ('聽', '听'),
    ('請', '请'),
    ('謝', '谢'),
    ('東', '东'),
    ('見', '见'),
    ('車', '车'),
    ('長', '长'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('無', '无'),
    ('實', '实'),
    ('戶', '户'),
    ('滿', '满'),
    ('標', '标'),
    ('準', '准'),
    ('誠', '诚'),
    ('質', '质'),
    ('禮', '礼'),
    ('貌', '貌'),
    ('熱', '热'),
    ('態', '态'),
    ('度', '度'),
    ('決', '决'),
    ('訴', '诉'),
    ('責', '责'),
    ('歡', '欢'),
    ('迎', '迎'),
    ('慮', '虑'),
    ('認', '认'),
    ('識', '识'),
    ('於', '于'),
    ('裡', '里'),
    ('還', '还'),
    ('讀', '读'),
    ('寫', '写'),
    ('計', '计'),
    ('銀', '银'),
    ('卡', '卡'),
    ('碼', '码'),
    ('費', '费'),
    ('單', '单'),
    ('際', '际'),
];

/// What is wrong with a quote's characters: those the file does not have at all.
fn missing_chars(quote: &[char], doc: &Doc) -> String {
    let present: std::collections::HashSet<char> = doc.chars.iter().copied().collect();
    let mut absent: Vec<char> = Vec::new();
    for &c in quote {
        if !present.contains(&c) && !absent.contains(&c) {
            absent.push(c);
        }
    }
    if absent.is_empty() {
        return String::new();
    }
    let described: Vec<String> = absent
        .iter()
        .take(12)
        .map(
            |&c| match TRADITIONAL.iter().find(|(t, s)| *t == c && t != s) {
                Some((_, s)) if present.contains(s) => {
                    format!("`{c}` (traditional; the file has the simplified `{s}`)")
                }
                _ => format!("`{c}`"),
            },
        )
        .collect();
    format!(
        "; characters the file does not have: {}{}",
        described.join(", "),
        if absent.len() > 12 { ", …" } else { "" }
    )
}

/// Shortens a passage for a message, keeping whole characters.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Checks every quote of one catalogue file against `docs`; issues point at the entry's
/// `quote` (or its `id` when the quote cannot be placed).
pub fn check_file(
    file: &CatalogueFile,
    text: &str,
    shown: &str,
    docs: &mut SourceDocs,
) -> Vec<Diagnostic> {
    let map = SourceMap::new(text);
    let mut out = Vec::new();
    let mut cursor = Position::START;
    for p in &file.principles {
        let id_at = map.field("id", p.id.as_str(), cursor);
        if let Some(at) = id_at {
            cursor = at;
        }
        let Some(quote) = &p.quote else { continue };
        let at = map.field("quote", quote, cursor).or(id_at);
        if let Some(issue) = check_one(p, quote, at, docs) {
            out.push(Diagnostic {
                file: shown.to_owned(),
                issue,
            });
        }
    }
    out
}

fn check_one(
    p: &Principle,
    quote: &str,
    at: Option<Position>,
    docs: &mut SourceDocs,
) -> Option<Issue> {
    let id = p.id.as_str();
    let file = p.source.file.as_str();
    let chars = quote.chars().count();
    if chars > MAX_QUOTE {
        return Some(Issue::error(
            code::QUOTE_TOO_LONG,
            at,
            format!(
                "the quote of `{id}` is {chars} characters long; at most {MAX_QUOTE} are checked"
            ),
            "quote the sentence or two the entry rests on, not the whole section",
        ));
    }
    let wanted: Vec<char> = normalise(quote).collect();
    if wanted.is_empty() {
        return Some(Issue::error(
            code::QUOTE_NOT_FOUND,
            at,
            format!("the quote of `{id}` is empty"),
            "give the passage the entry rests on, or leave `quote` out and mark the entry inferred",
        ));
    }
    let doc = match docs.doc(file) {
        Ok(doc) => doc,
        Err(why) => {
            return Some(Issue::error(
                code::SOURCE_UNREADABLE,
                at,
                format!("`{id}` cites `{file}`, which cannot be read: {why}"),
                "check the file name against the sources folder (`--sources DIR`)",
            ));
        }
    };
    let section = match doc.section(&p.source.section) {
        Ok(s) => s,
        Err(why) => {
            return Some(Issue::error(
                code::SECTION_NOT_FOUND,
                at,
                format!(
                    "`{id}` cites section `{}` of `{file}`, which is not there: {why}",
                    p.source.section
                ),
                "copy the section heading as the source writes it (an `art.N` first for the Nth article of a collection)",
            ));
        }
    };
    if doc.find(&wanted, section.range.clone()).is_some() {
        return section.again.map(|again| {
            Issue::warning(
                code::AMBIGUOUS_SECTION,
                at,
                format!(
                    "the heading `{}` of `{file}` occurs at line {} and again at line {again}; the quote of `{id}` was checked after the first",
                    p.source.section, section.heading_line
                ),
                "name the heading above it as well (\"art.4 客户服务的原则 5\"), so the citation points at one place",
            )
        });
    }
    let elsewhere = doc
        .find(&wanted, 0..doc.chars.len())
        .map(|i| doc.line_of[i] + 1);
    let message = match elsewhere {
        Some(line) => format!(
            "the quote of `{id}` is in `{file}` at line {line}, but not after the cited heading `{}` (line {})",
            p.source.section, section.heading_line
        ),
        None => {
            let closest = doc
                .closest(&wanted, section.range.clone())
                .map(|(line, text)| {
                    format!("; closest passage, line {line}: \"{}\"", excerpt(&text, 80))
                })
                .unwrap_or_default();
            format!(
                "the quote of `{id}` does not occur in `{file}` after `{}` (line {}){closest}{}",
                p.source.section,
                section.heading_line,
                missing_chars(&wanted, doc)
            )
        }
    };
    Some(Issue::error(
        code::QUOTE_NOT_FOUND,
        at,
        message,
        "copy the passage from the source file itself (spacing and the width of punctuation do not matter), or correct the cited section",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "第一篇:服务厅\n前言\n记者体验 等得舒心\n排队机，让客户坐着等。\n第二篇:演讲稿\n微笑服务是我行的服务理念之一，也是基本要求。\n二、顾客究竟是谁?【自检】\n1.顾客是我们的衣食父母\n二、顾客究竟是谁?【自检】\n重复的一节\n";

    fn docs_with(text: &str) -> (tempfile::TempDir, SourceDocs) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.txt"), text).unwrap();
        let docs = SourceDocs::new(dir.path());
        (dir, docs)
    }

    fn entry(section: &str, quote: &str) -> Principle {
        let text = format!(
            "Principle(id: \"a.b\", title: (en: \"t\", zh: \"t\"), summary: (en: \"s\", zh: \"s\"), source: (file: \"s.txt\", section: {section:?}), quote: Some({quote:?}))"
        );
        ron::from_str(&text).unwrap()
    }

    fn check(section: &str, quote: &str) -> Option<Issue> {
        let (_dir, mut docs) = docs_with(SOURCE);
        check_one(&entry(section, quote), quote, None, &mut docs)
    }

    #[test]
    fn a_quote_after_its_heading_is_found_whatever_the_width_of_its_punctuation() {
        assert_eq!(
            check("art.2 演讲稿", "微笑服务是我行的服务理念之一,也是基本要求"),
            None
        );
        assert_eq!(
            check("art.1 记者体验 等得舒心", "排队机 , 让客户 坐着等"),
            None
        );
        assert_eq!(check("art.1 记者体验", "排队机,让客户坐着等."), None);
    }

    #[test]
    fn a_mutated_quote_is_caught_with_the_closest_passage() {
        let issue = check("art.2", "微笑服务是我行的服务宗旨之一").unwrap();
        assert_eq!(issue.code, code::QUOTE_NOT_FOUND);
        assert!(
            issue.message.contains("closest passage, line 6"),
            "{}",
            issue.message
        );
        assert!(issue.message.contains("`宗`"), "{}", issue.message);
    }

    #[test]
    fn a_quote_outside_its_section_says_where_it_is() {
        let issue = check("art.2", "排队机，让客户坐着等").unwrap();
        assert!(issue.message.contains("at line 4"), "{}", issue.message);
    }

    #[test]
    fn traditional_characters_are_named() {
        let issue = check("art.2", "微笑服務是我行的服務理念之一").unwrap();
        assert!(
            issue
                .message
                .contains("traditional; the file has the simplified `务`"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn a_heading_that_occurs_twice_is_a_warning() {
        let issue = check("art.2 二、顾客究竟是谁?【自检】", "顾客是我们的衣食父母").unwrap();
        assert_eq!(issue.code, code::AMBIGUOUS_SECTION);
        assert!(
            issue.message.contains("line 7 and again at line 9"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn a_missing_heading_article_or_file_is_an_error() {
        assert_eq!(
            check("art.2 不存在的标题", "微笑").unwrap().code,
            code::SECTION_NOT_FOUND
        );
        assert_eq!(
            check("art.9", "微笑").unwrap().code,
            code::SECTION_NOT_FOUND
        );
        let (_dir, mut docs) = docs_with(SOURCE);
        let mut p = entry("art.1", "微笑");
        p.source.file = "absent.txt".into();
        assert_eq!(
            check_one(&p, "微笑", None, &mut docs).unwrap().code,
            code::SOURCE_UNREADABLE
        );
        p.source.file = "../s.txt".into();
        assert_eq!(
            check_one(&p, "微笑", None, &mut docs).unwrap().code,
            code::SOURCE_UNREADABLE
        );
    }

    #[test]
    fn a_source_that_is_not_utf8_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        // 你好 in GBK: a lead byte followed by a byte that cannot continue it.
        std::fs::write(dir.path().join("s.txt"), b"\xc4\xe3\xba\xc3 gbk").unwrap();
        let mut docs = SourceDocs::new(dir.path());
        let issue = check_one(&entry("x", "微笑"), "微笑", None, &mut docs).unwrap();
        assert!(
            issue.message.contains("not valid UTF-8"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn an_enormous_quote_is_refused_without_searching() {
        let long = "微".repeat(MAX_QUOTE + 1);
        assert_eq!(check("art.1", &long).unwrap().code, code::QUOTE_TOO_LONG);
    }
}
