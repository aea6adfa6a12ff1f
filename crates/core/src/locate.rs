//! Finds where things are in a RON source, so validation can point at a line.
//!
//! ron gives positions only for syntax errors; a dangling `next` is found after
//! parsing, when the text is gone. This scanner re-reads the text once, skipping
//! comments and reading string literals, and remembers every `key: "value"` pair
//! and every string with its position. Lookups then go in file order.

use std::collections::HashMap;

use crate::diagnostic::Position;
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Punct(char),
}

/// Positions of the identifiers and strings of one source text, indexed so that a
/// lookup costs a hash and a binary search even in a 100 000-node file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    fields: HashMap<(String, String), Vec<Position>>,
    keys: HashMap<String, Vec<Position>>,
    strings: HashMap<String, Vec<Position>>,
}

impl SourceMap {
    /// Scans `text`. Never fails: an unterminated string or comment just ends the scan.
    pub fn new(text: &str) -> SourceMap {
        let tokens = scan(text);
        let mut map = SourceMap::default();
        for (i, (token, pos)) in tokens.iter().enumerate() {
            match token {
                Token::Str(v) => map.strings.entry(v.clone()).or_default().push(*pos),
                Token::Ident(k) if matches!(tokens.get(i + 1), Some((Token::Punct(':'), _))) => {
                    map.keys.entry(k.clone()).or_default().push(*pos);
                    if let Some((Token::Str(v), _)) = tokens.get(i + 2) {
                        map.fields
                            .entry((k.clone(), v.clone()))
                            .or_default()
                            .push(*pos);
                    }
                }
                _ => {}
            }
        }
        map
    }

    /// The first `key: "value"` at or after `after`.
    pub fn field(&self, key: &str, value: &str, after: Position) -> Option<Position> {
        first_from(self.fields.get(&(key.to_owned(), value.to_owned()))?, after)
    }

    /// The first identifier `key` followed by `:` at or after `after`.
    pub fn key(&self, key: &str, after: Position) -> Option<Position> {
        first_from(self.keys.get(key)?, after)
    }

    /// The first string literal equal to `value` at or after `after`.
    pub fn string(&self, value: &str, after: Position) -> Option<Position> {
        first_from(self.strings.get(value)?, after)
    }
}

fn first_from(positions: &[Position], after: Position) -> Option<Position> {
    let i = positions.partition_point(|p| *p < after);
    positions.get(i).copied()
}

fn scan(text: &str) -> Vec<(Token, Position)> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut col = 1;
    macro_rules! bump {
        () => {{
            let c = chars.next();
            match c {
                Some('\n') => {
                    line += 1;
                    col = 1;
                }
                Some(_) => col += 1,
                None => {}
            }
            c
        }};
    }
    while let Some(&c) = chars.peek() {
        let pos = Position { line, col };
        if c == '/' {
            bump!();
            match chars.peek() {
                Some('/') => {
                    while let Some(&c) = chars.peek() {
                        if c == '\n' {
                            break;
                        }
                        bump!();
                    }
                }
                Some('*') => {
                    bump!();
                    let mut depth = 1;
                    let mut prev = '\0';
                    while depth > 0 {
                        let Some(c) = bump!() else { break };
                        if prev == '/' && c == '*' {
                            depth += 1;
                            prev = '\0';
                        } else if prev == '*' && c == '/' {
                            depth -= 1;
                            prev = '\0';
                        } else {
                            prev = c;
                        }
                    }
                }
                _ => tokens.push((Token::Punct('/'), pos)),
            }
        } else if c == '"' {
            bump!();
            let mut value = String::new();
            while let Some(c) = bump!() {
                match c {
                    '"' => break,
                    '\\' => {
                        if let Some(e) = bump!() {
                            value.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                    }
                    other => value.push(other),
                }
            }
            tokens.push((Token::Str(value), pos));
        } else if c == 'r' && raw_string_follows(&chars) {
            bump!();
            let mut hashes = 0;
            while chars.peek() == Some(&'#') {
                bump!();
                hashes += 1;
            }
            bump!(); // opening quote
            let mut value = String::new();
            'raw: while let Some(c) = bump!() {
                if c == '"' {
                    let mut seen = 0;
                    while seen < hashes && chars.peek() == Some(&'#') {
                        bump!();
                        seen += 1;
                    }
                    if seen == hashes {
                        break 'raw;
                    }
                    value.push('"');
                    value.extend(std::iter::repeat_n('#', seen));
                } else {
                    value.push(c);
                }
            }
            tokens.push((Token::Str(value), pos));
        } else if c.is_alphabetic() || c == '_' {
            let mut name = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' {
                    name.push(c);
                    bump!();
                } else {
                    break;
                }
            }
            tokens.push((Token::Ident(name), pos));
        } else if c.is_whitespace() {
            bump!();
        } else {
            bump!();
            tokens.push((Token::Punct(c), pos));
        }
    }
    tokens
}

fn raw_string_follows(chars: &std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let mut it = chars.clone();
    it.next();
    loop {
        match it.next() {
            Some('#') => continue,
            Some('"') => return true,
            _ => return false,
        }
    }
}

/// Positions of the scenario's nodes, choices and endings, found in file order.
pub struct Places {
    /// Where each node's `id` is.
    pub nodes: Vec<Option<Position>>,
    /// Where each choice's `id` is, per node.
    pub choices: Vec<Vec<Option<Position>>>,
    /// Where each ending's `id` is.
    pub endings: Vec<Option<Position>>,
}

impl Places {
    /// Finds every node, choice and ending of `s` in its source.
    pub fn of(s: &Scenario, map: &SourceMap) -> Places {
        let mut cursor = map.key("nodes", Position::START).unwrap_or(Position::START);
        let mut nodes = Vec::with_capacity(s.nodes.len());
        let mut choices = Vec::with_capacity(s.nodes.len());
        let step = |id: &str, cursor: &mut Position| {
            let at = map.field("id", id, *cursor);
            if let Some(p) = at {
                *cursor = p;
            }
            at
        };
        for node in &s.nodes {
            nodes.push(step(node.id.as_str(), &mut cursor));
            choices.push(
                node.choices
                    .iter()
                    .map(|c| step(c.id.as_str(), &mut cursor))
                    .collect(),
            );
        }
        let mut cursor = map
            .key("endings", Position::START)
            .unwrap_or(Position::START);
        let endings = s
            .endings
            .iter()
            .map(|e| step(e.id.as_str(), &mut cursor))
            .collect();
        Places {
            nodes,
            choices,
            endings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_in_file_order_and_skips_comments() {
        let text = "// id: \"a\"\nNode(\n  id: \"a\", /* id: \"b\" */\n  next: Node(\"b\"),\n)\nNode(id: \"b\")";
        let map = SourceMap::new(text);
        assert_eq!(
            map.field("id", "a", Position::START),
            Some(Position { line: 3, col: 3 })
        );
        assert_eq!(
            map.field("id", "b", Position::START),
            Some(Position { line: 6, col: 6 })
        );
        assert_eq!(
            map.string("b", Position::START),
            Some(Position { line: 4, col: 14 })
        );
        assert_eq!(
            map.key("next", Position::START),
            Some(Position { line: 4, col: 3 })
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let map = SourceMap::new("text: \"你好\", id: \"x\"");
        assert_eq!(
            map.field("id", "x", Position::START),
            Some(Position { line: 1, col: 13 })
        );
    }

    #[test]
    fn survives_unterminated_input() {
        let map = SourceMap::new("a: \"open /* r#\"x");
        assert_eq!(map.key("a", Position::START), Some(Position::START));
        SourceMap::new("/* never closed");
        SourceMap::new("r##\"x\"#");
    }
}
