//! A small, lenient parser of RON *syntax* into a tree that keeps positions.
//!
//! It exists so that `validate` can report every problem of a deck with a
//! line and column, which serde + ron cannot do (they stop at the first
//! error and know no positions for semantic problems). It knows nothing of
//! the deck schema, and it accepts only the part of RON that decks use:
//! ASCII identifiers, no raw identifiers, no byte strings. It never accepts
//! text that ron would reject as a deck, since `validate` still hands clean
//! decks to ron. Limits keep it safe on any input: nesting is capped at
//! [`MAX_DEPTH`] and every character is read a bounded number of times.

use std::fmt;

/// Deepest nesting of brackets the parser follows before giving up.
pub const MAX_DEPTH: usize = 64;

/// The extensions ron lets `#![enable(…)]` name.
const EXTENSIONS: [&str; 4] = [
    "unwrap_newtypes",
    "implicit_some",
    "unwrap_variant_newtypes",
    "explicit_struct_names",
];

/// A place in the source: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// A struct or tuple name as written, e.g. the `Task` of `Task(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub pos: Pos,
}

/// A `name: value` field of a struct; `pos` is where the name starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub pos: Pos,
    pub value: Node,
}

/// The kinds of values the parser knows.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string, normal or raw, with escapes decoded.
    Str(String),
    /// A number, kept as written (decks have no numbers; only its presence matters).
    Number(String),
    Bool(bool),
    Char(char),
    /// A bare identifier, such as a unit variant or unit struct.
    Ident(String),
    /// `()`.
    Unit,
    None,
    Some(Box<Node>),
    /// `Name(field: value, …)` or `(field: value, …)`; `Name()` too.
    Struct {
        name: Option<Name>,
        fields: Vec<Field>,
    },
    /// `Name(a, b)` or `(a, b)`.
    Tuple {
        name: Option<Name>,
        items: Vec<Node>,
    },
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How a problem message names this kind of value ("found a list").
    pub fn describe(&self) -> String {
        match self {
            Value::Str(_) => "a string".to_owned(),
            Value::Number(_) => "a number".to_owned(),
            Value::Bool(_) => "a boolean".to_owned(),
            Value::Char(_) => "a character".to_owned(),
            Value::Ident(name) => format!("`{}`", clip(name)),
            Value::Unit => "`()`".to_owned(),
            Value::None => "`None`".to_owned(),
            Value::Some(_) => "`Some(…)`".to_owned(),
            Value::Struct {
                name: Some(name), ..
            }
            | Value::Tuple {
                name: Some(name), ..
            } => format!("`{}(…)`", clip(&name.text)),
            Value::Struct { name: None, .. } => "a struct".to_owned(),
            Value::Tuple { name: None, .. } => "a tuple".to_owned(),
            Value::List(_) => "a list".to_owned(),
            Value::Map(_) => "a map".to_owned(),
        }
    }
}

/// Why the source is not RON the parser accepts; always the first such spot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub kind: SyntaxErrorKind,
    /// Where the last string before the error started, when that string ran
    /// over a line end: the usual cause is a missing closing `"`, which shifts
    /// the error far from the mistake.
    pub open_string: Option<Pos>,
}

/// What went wrong, with the facts a message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxErrorKind {
    #[error("nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("expected {expected}, found {found}")]
    Expected { expected: String, found: Found },
    #[error("unterminated string starting at {start}")]
    UnterminatedString { start: Pos },
    #[error("unterminated character literal starting at {start}")]
    UnterminatedChar { start: Pos },
    #[error("unterminated block comment starting at {start}")]
    UnterminatedComment { start: Pos },
    #[error("invalid escape `{escape}`")]
    InvalidEscape { escape: String },
    #[error("`/` must start a comment (`//` or `/*`)")]
    StraySlash,
}

/// A name as messages quote it: a name can be a whole megabyte-long line,
/// and a message must stay readable.
fn clip(name: &str) -> String {
    const MAX: usize = 40;
    match name.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_owned(),
    }
}

/// What the parser saw where it expected something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    EndOfFile,
    Char(char),
    /// A word where another was expected (an unknown extension name).
    Word(String),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::EndOfFile => f.write_str("end of file"),
            Found::Char(c) if c.is_control() || c.is_whitespace() => {
                write!(f, "`{}`", c.escape_default())
            }
            Found::Char(c) => write!(f, "`{c}`"),
            Found::Word(w) => write!(f, "`{}`", clip(w)),
        }
    }
}

impl SyntaxError {
    /// A hint to add to any message about this error, ron's or ours.
    pub fn hint(&self) -> Option<String> {
        self.open_string.map(|start| {
            format!(
                " (the string starting at {start} runs over a line end; is a closing `\"` missing?)"
            )
        })
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}{}",
            self.pos,
            self.kind,
            self.hint().unwrap_or_default()
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses a whole document: optional `#![…]` attributes, one value, and
/// nothing after it but whitespace and comments.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        src,
        at: 0,
        line: 1,
        column: 1,
        depth: 0,
        multiline_string: None,
    };
    p.document().map_err(|mut error| {
        // Only a string that ended before the error can have eaten the text.
        error.open_string = p.multiline_string.filter(|&start| start < error.pos);
        error
    })
}

/// Characters RON treats as whitespace (the same set as ron's parser).
fn is_ws(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A cursor over the source. Cloning it is how the one lookahead (struct or
/// tuple?) backtracks; a `Parser` is a few words, so that is cheap.
#[derive(Clone)]
struct Parser<'a> {
    src: &'a str,
    /// Byte offset of the next character.
    at: usize,
    line: usize,
    column: usize,
    depth: usize,
    /// Start of the last string read, when it held a raw line break.
    multiline_string: Option<Pos>,
}

impl Parser<'_> {
    fn document(&mut self) -> Result<Node, SyntaxError> {
        self.skip_ws()?;
        while self.peek() == Some('#') {
            self.attribute()?;
            self.skip_ws()?;
        }
        let node = self.value()?;
        self.skip_ws()?;
        match self.peek() {
            None => Ok(node),
            Some(c) => Err(self.error(SyntaxErrorKind::Expected {
                expected: "end of file after the top-level value".to_owned(),
                found: Found::Char(c),
            })),
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn rest(&self) -> &str {
        &self.src[self.at..]
    }

    fn peek(&self) -> Option<char> {
        // Decks are mostly ASCII: skip UTF-8 decoding for it.
        match self.src.as_bytes().get(self.at) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    /// Moves past the next `len` bytes, which hold no line break (a run
    /// the caller scanned): one column per character.
    fn skip_plain(&mut self, len: usize) {
        let run = &self.src.as_bytes()[self.at..self.at + len];
        // Characters are the bytes that do not continue a UTF-8 sequence.
        self.column += run.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        self.at += len;
    }

    /// Length of the run of bytes from here up to (not including) the first
    /// one `stop` accepts, or to the end.
    fn run_until(&self, stop: impl Fn(u8) -> bool) -> usize {
        let rest = &self.src.as_bytes()[self.at..];
        rest.iter().position(|&b| stop(b)).unwrap_or(rest.len())
    }

    fn peek2(&self) -> Option<char> {
        let mut chars = self.rest().chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn error(&self, kind: SyntaxErrorKind) -> SyntaxError {
        SyntaxError {
            open_string: None,
            pos: self.pos(),
            kind,
        }
    }

    fn expected(&self, expected: impl Into<String>) -> SyntaxError {
        let found = self.peek().map_or(Found::EndOfFile, Found::Char);
        self.error(SyntaxErrorKind::Expected {
            expected: expected.into(),
            found,
        })
    }

    /// Consumes `c` or fails with "expected `c` …".
    fn expect(&mut self, c: char, expected: impl Into<String>) -> Result<(), SyntaxError> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(expected))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(SyntaxErrorKind::TooDeep));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Skips whitespace, `//` line comments and nested `/* */` block comments.
    fn skip_ws(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(c) if is_ws(c) => {
                    self.bump();
                }
                Some('/') => match self.peek2() {
                    Some('/') => {
                        let len = self.run_until(|b| b == b'\n');
                        self.skip_plain(len);
                    }
                    Some('*') => self.block_comment()?,
                    _ => return Err(self.error(SyntaxErrorKind::StraySlash)),
                },
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos();
        self.bump();
        self.bump();
        let mut level = 1_usize;
        while level > 0 {
            match (self.peek(), self.peek2()) {
                (None, _) => {
                    return Err(SyntaxError {
                        open_string: None,
                        pos: start,
                        kind: SyntaxErrorKind::UnterminatedComment { start },
                    });
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    level += 1;
                }
                (Some('*'), Some('/')) => {
                    self.bump();
                    self.bump();
                    level -= 1;
                }
                _ => {
                    self.bump();
                }
            }
        }
        Ok(())
    }

    /// Skips `#![enable(extension, …)]`, `#![type = "…"]` or
    /// `#![schema = "…"]`, the document attributes ron knows. Enabled
    /// extensions change what ron accepts; `validate` leaves that to ron.
    fn attribute(&mut self) -> Result<(), SyntaxError> {
        self.bump();
        self.skip_ws()?;
        self.expect(
            '!',
            "`!` after `#` (attributes are written `#![enable(…)]`)",
        )?;
        self.skip_ws()?;
        self.expect('[', "`[` after `#!`")?;
        self.skip_ws()?;
        match self.ident().as_str() {
            "enable" => {
                self.skip_ws()?;
                self.expect('(', "`(` after `enable`")?;
                loop {
                    self.skip_ws()?;
                    let at = self.pos();
                    let expected: Vec<String> =
                        EXTENSIONS.iter().map(|e| format!("`{e}`")).collect();
                    let expected = format!("an extension ({})", expected.join(", "));
                    let name = self.ident();
                    if name.is_empty() {
                        return Err(self.expected(expected));
                    }
                    if !EXTENSIONS.contains(&name.as_str()) {
                        return Err(SyntaxError {
                            open_string: None,
                            pos: at,
                            kind: SyntaxErrorKind::Expected {
                                expected,
                                found: Found::Word(name),
                            },
                        });
                    }
                    self.skip_ws()?;
                    match self.peek() {
                        Some(',') => {
                            self.bump();
                            self.skip_ws()?;
                            if self.peek() == Some(')') {
                                break;
                            }
                        }
                        Some(')') => break,
                        _ => return Err(self.expected("`,` or `)` in the attribute")),
                    }
                }
                self.bump();
            }
            "type" | "schema" => {
                self.skip_ws()?;
                self.expect('=', "`=` in the attribute")?;
                self.skip_ws()?;
                match (self.peek(), self.peek2()) {
                    (Some('"'), _) => {
                        self.string()?;
                    }
                    (Some('r'), Some('"' | '#')) => {
                        self.raw_string()?;
                    }
                    _ => return Err(self.expected("a string in the attribute")),
                }
            }
            _ => return Err(self.expected("`enable(`, `type =` or `schema =` in the attribute")),
        }
        self.skip_ws()?;
        self.expect(']', "`]` closing the attribute")
    }

    /// Reads an ASCII identifier; empty when none starts here.
    fn ident(&mut self) -> String {
        let mut out = String::new();
        if self.peek().is_some_and(is_ident_start) {
            while let Some(c) = self.peek().filter(|&c| is_ident_char(c)) {
                out.push(c);
                self.bump();
            }
        }
        out
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        self.skip_ws()?;
        let pos = self.pos();
        let value = match self.peek() {
            Some('"') => Value::Str(self.string()?),
            Some('r') if matches!(self.peek2(), Some('"' | '#')) => Value::Str(self.raw_string()?),
            Some('\'') => Value::Char(self.char_literal()?),
            Some('[') => self.list()?,
            Some('{') => self.map()?,
            Some('(') => self.parens(None)?,
            Some(c) if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => self.number()?,
            Some(c) if is_ident_start(c) => self.word(pos)?,
            Some(_) | None => return Err(self.expected("a value")),
        };
        Ok(Node { pos, value })
    }

    /// An identifier and what follows it: a keyword, `Some(…)`, a named
    /// struct or tuple, or a bare identifier.
    fn word(&mut self, pos: Pos) -> Result<Value, SyntaxError> {
        let text = self.ident();
        match text.as_str() {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "None" => return Ok(Value::None),
            _ => {}
        }
        // ron allows whitespace and comments between a name and its `(`.
        let mut after = self.clone();
        after.skip_ws()?;
        if after.peek() != Some('(') {
            return if text == "Some" {
                Err(after.expected("`(` after `Some`"))
            } else {
                Ok(Value::Ident(text))
            };
        }
        *self = after;
        if text == "Some" {
            self.enter()?;
            self.bump();
            let inner = self.value()?;
            self.skip_ws()?;
            // ron accepts a trailing comma inside `Some(…)`.
            if self.peek() == Some(',') {
                self.bump();
                self.skip_ws()?;
            }
            self.expect(')', "`)` closing `Some(`")?;
            self.leave();
            return Ok(Value::Some(Box::new(inner)));
        }
        self.parens(Some(Name { text, pos }))
    }

    /// `(…)` after an optional name: a struct when it starts with `field:`,
    /// else a tuple.
    fn parens(&mut self, name: Option<Name>) -> Result<Value, SyntaxError> {
        // Enter first so that a too-deep error points at the bracket.
        self.enter()?;
        self.bump();
        self.skip_ws()?;
        let value = if self.peek() == Some(')') {
            self.bump();
            match name {
                None => Value::Unit,
                Some(name) => Value::Struct {
                    name: Some(name),
                    fields: Vec::new(),
                },
            }
        } else if self.at_field() {
            Value::Struct {
                name,
                fields: self.fields()?,
            }
        } else {
            Value::Tuple {
                name,
                items: self.items(')', "tuple element")?,
            }
        };
        self.leave();
        Ok(value)
    }

    /// Looks ahead for `identifier :` without consuming anything.
    fn at_field(&self) -> bool {
        let mut ahead = self.clone();
        if ahead.ident().is_empty() {
            return false;
        }
        ahead.skip_ws().is_ok() && ahead.peek() == Some(':')
    }

    /// Struct fields up to and including the closing `)`.
    fn fields(&mut self) -> Result<Vec<Field>, SyntaxError> {
        let mut fields = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some(')') {
                self.bump();
                return Ok(fields);
            }
            let pos = self.pos();
            let name = self.ident();
            if name.is_empty() {
                return Err(self.expected("a field name or `)`"));
            }
            self.skip_ws()?;
            self.expect(':', format!("`:` after field `{name}`"))?;
            let value = self.value()?;
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                    fields.push(Field { name, pos, value });
                }
                Some(')') => {
                    self.bump();
                    fields.push(Field { name, pos, value });
                    return Ok(fields);
                }
                _ => return Err(self.expected(format!("`,` or `)` after field `{name}`"))),
            }
        }
    }

    /// Comma-separated values up to and including `close`.
    fn items(&mut self, close: char, what: &str) -> Result<Vec<Node>, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                self.bump();
                return Ok(items);
            }
            items.push(self.value()?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {
                    self.bump();
                    return Ok(items);
                }
                _ => return Err(self.expected(format!("`,` or `{close}` after {what}"))),
            }
        }
    }

    fn list(&mut self) -> Result<Value, SyntaxError> {
        // Enter first so that a too-deep error points at the bracket.
        self.enter()?;
        self.bump();
        let items = self.items(']', "list entry")?;
        self.leave();
        Ok(Value::List(items))
    }

    fn map(&mut self) -> Result<Value, SyntaxError> {
        // Enter first so that a too-deep error points at the bracket.
        self.enter()?;
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some('}') {
                self.bump();
                break;
            }
            let key = self.value()?;
            self.skip_ws()?;
            self.expect(':', "`:` after map key")?;
            let value = self.value()?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    break;
                }
                _ => return Err(self.expected("`,` or `}` after map entry")),
            }
        }
        self.leave();
        Ok(Value::Map(entries))
    }

    /// A number in a loose shape: sign, then digits, letters, `_` and `.`,
    /// with a sign allowed after an exponent `e`. Decks hold no numbers, so
    /// the schema rejects any number it finds; the exact grammar never matters.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let mut text = String::new();
        if let Some(sign @ ('+' | '-')) = self.peek() {
            text.push(sign);
            self.bump();
        }
        if !self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            return Err(self.expected("a digit"));
        }
        while let Some(c) = self.peek() {
            let exponent_sign = matches!(c, '+' | '-') && text.ends_with(['e', 'E']);
            if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.') || exponent_sign) {
                break;
            }
            text.push(c);
            self.bump();
        }
        Ok(Value::Number(text))
    }

    /// A `"…"` string with RON escapes and `\`-newline continuations.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump();
        let mut out = String::new();
        let mut multiline = false;
        loop {
            match self.peek() {
                None => {
                    return Err(SyntaxError {
                        open_string: None,
                        pos: start,
                        kind: SyntaxErrorKind::UnterminatedString { start },
                    });
                }
                Some('"') => {
                    self.bump();
                    self.multiline_string = multiline.then_some(start);
                    return Ok(out);
                }
                Some('\\') => {
                    if let Some(c) = self.escape(start, false)? {
                        out.push(c);
                    }
                }
                Some('\n') => {
                    multiline = true;
                    out.push('\n');
                    self.bump();
                }
                Some(_) => {
                    // Copy the whole run of plain characters at once.
                    let len = self.run_until(|b| matches!(b, b'"' | b'\\' | b'\n'));
                    out.push_str(&self.src[self.at..self.at + len]);
                    self.skip_plain(len);
                }
            }
        }
    }

    /// Decodes one escape at a `\`. `None` for a line continuation, which
    /// ron allows in strings (not in characters): `\`, a line end, and the
    /// spaces that follow it vanish.
    fn escape(&mut self, start: Pos, in_char: bool) -> Result<Option<char>, SyntaxError> {
        let at = self.pos();
        self.bump();
        let unterminated = |start| SyntaxError {
            open_string: None,
            pos: start,
            kind: if in_char {
                SyntaxErrorKind::UnterminatedChar { start }
            } else {
                SyntaxErrorKind::UnterminatedString { start }
            },
        };
        let invalid = |escape: String| SyntaxError {
            open_string: None,
            pos: at,
            kind: SyntaxErrorKind::InvalidEscape { escape },
        };
        let Some(c) = self.bump() else {
            return Err(unterminated(start));
        };
        let decoded = match c {
            '\'' => '\'',
            '"' => '"',
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\n' | '\r' if !in_char => {
                if c == '\r' {
                    if self.peek() != Some('\n') {
                        return Err(invalid("\\\r".to_owned()));
                    }
                    self.bump();
                }
                while self
                    .peek()
                    .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                {
                    self.bump();
                }
                return Ok(None);
            }
            'x' => {
                let mut value = 0_u32;
                let mut written = String::from("\\x");
                for _ in 0..2 {
                    let Some(d) = self.bump() else {
                        return Err(unterminated(start));
                    };
                    written.push(d);
                    match d.to_digit(16) {
                        Some(v) => value = value * 16 + v,
                        None => return Err(invalid(written)),
                    }
                }
                // Only ASCII: ron's multi-byte `\x` sequences are not used by decks.
                match char::from_u32(value).filter(char::is_ascii) {
                    Some(c) => c,
                    None => return Err(invalid(written)),
                }
            }
            'u' => self.unicode_escape(start, at, in_char)?,
            other => return Err(invalid(format!("\\{other}"))),
        };
        Ok(Some(decoded))
    }

    /// The `{…}` part of `\u{…}`: one to six hex digits naming a scalar value.
    fn unicode_escape(&mut self, start: Pos, at: Pos, in_char: bool) -> Result<char, SyntaxError> {
        let mut written = String::from("\\u");
        let fail = |written: String, eof: bool| {
            if eof {
                SyntaxError {
                    open_string: None,
                    pos: start,
                    kind: if in_char {
                        SyntaxErrorKind::UnterminatedChar { start }
                    } else {
                        SyntaxErrorKind::UnterminatedString { start }
                    },
                }
            } else {
                SyntaxError {
                    open_string: None,
                    pos: at,
                    kind: SyntaxErrorKind::InvalidEscape { escape: written },
                }
            }
        };
        match self.bump() {
            Some('{') => written.push('{'),
            Some(c) => {
                written.push(c);
                return Err(fail(written, false));
            }
            None => return Err(fail(written, true)),
        }
        let mut value = 0_u32;
        let mut digits = 0;
        loop {
            let Some(c) = self.bump() else {
                return Err(fail(written, true));
            };
            written.push(c);
            if c == '}' && digits > 0 {
                break;
            }
            match c.to_digit(16) {
                Some(v) if digits < 6 => {
                    value = value * 16 + v;
                    digits += 1;
                }
                _ => return Err(fail(written, false)),
            }
        }
        char::from_u32(value).ok_or_else(|| fail(written, false))
    }

    /// `r"…"` or `r#"…"#` with any number of `#`; no escapes inside.
    fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.expect('"', "`\"` opening the raw string")?;
        let ending = format!("\"{}", "#".repeat(hashes));
        let Some(len) = self.rest().find(&ending) else {
            return Err(SyntaxError {
                open_string: None,
                pos: start,
                kind: SyntaxErrorKind::UnterminatedString { start },
            });
        };
        let content = self.rest()[..len].to_owned();
        self.multiline_string = content.contains('\n').then_some(start);
        let end = self.at + len + ending.len();
        while self.at < end {
            self.bump();
        }
        Ok(content)
    }

    /// `'c'` or `'\n'`.
    fn char_literal(&mut self) -> Result<char, SyntaxError> {
        let start = self.pos();
        self.bump();
        let unterminated = SyntaxError {
            open_string: None,
            pos: start,
            kind: SyntaxErrorKind::UnterminatedChar { start },
        };
        let c = match self.peek() {
            None | Some('\'') => return Err(unterminated),
            Some('\\') => match self.escape(start, true)? {
                Some(c) => c,
                None => return Err(unterminated),
            },
            Some(c) => {
                self.bump();
                c
            }
        };
        if self.peek() == Some('\'') {
            self.bump();
            Ok(c)
        } else {
            Err(unterminated)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `src` and renders the tree compactly with positions, or the
    /// error as `LINE:COL: message`.
    #[track_caller]
    fn check(src: &str, expected: &str) {
        let got = match parse(src) {
            Ok(node) => render(&node),
            Err(error) => error.to_string(),
        };
        assert_eq!(got, expected, "source: {src:?}");
    }

    fn render(node: &Node) -> String {
        let inner = match &node.value {
            Value::Str(s) => format!("{s:?}"),
            Value::Number(n) => n.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Char(c) => format!("{c:?}"),
            Value::Ident(i) => i.clone(),
            Value::Unit => "()".to_owned(),
            Value::None => "None".to_owned(),
            Value::Some(inner) => format!("Some({})", render(inner)),
            Value::Struct { name, fields } => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}@{}: {}", f.name, f.pos, render(&f.value)))
                    .collect();
                format!("{}({})", name_of(name.as_ref()), fields.join(", "))
            }
            Value::Tuple { name, items } => {
                let items: Vec<String> = items.iter().map(render).collect();
                format!("{}<{}>", name_of(name.as_ref()), items.join(", "))
            }
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(render).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", render(k), render(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        };
        format!("{}@{inner}", node.pos)
    }

    fn name_of(name: Option<&Name>) -> String {
        name.map(|n| format!("{}@{}", n.text, n.pos))
            .unwrap_or_default()
    }

    #[test]
    fn values_keep_their_start() {
        check(
            "Deck(id: \"a\", n: [1, -2.5e-3, true], m: {\"k\": 'c'})",
            "1:1@Deck@1:1(id@1:6: 1:10@\"a\", n@1:15: 1:18@[1:19@1, 1:22@-2.5e-3, 1:31@true], m@1:38: 1:41@{1:42@\"k\": 1:47@'c'})",
        );
        check(
            "(a: None, b: Some(x), c: (), d: (1, 2), e: P (), f: Q(1,),)",
            "1:1@(a@1:2: 1:5@None, b@1:11: 1:14@Some(1:19@x), c@1:23: 1:26@(), d@1:30: 1:33@<1:34@1, 1:37@2>, e@1:41: 1:44@P@1:44(), f@1:50: 1:53@Q@1:53<1:55@1>)",
        );
    }

    #[test]
    fn lines_and_columns_count_characters() {
        check("[\"é😀\", x]", "1:1@[1:2@\"é😀\", 1:8@x]");
        check("[\r\n  a,\r\n  b]", "1:1@[2:3@a, 3:3@b]");
        check("\n\n  \"x\"", "3:3@\"x\"");
    }

    #[test]
    fn strings_decode_ron_escapes() {
        check(
            r#""a\"b\\c\n\t\r\0\'\x41\u{1F600}\u{e9}""#,
            r#"1:1@"a\"b\\c\n\t\r\0'A😀é""#,
        );
        check("\"one \\\n   two\"", "1:1@\"one two\"");
        check("\"one \\\r\n   two\"", "1:1@\"one two\"");
        check("r\"a\\n\"", "1:1@\"a\\\\n\"");
        check("r##\"a \"# b\"##", "1:1@\"a \\\"# b\"");
        check("\"a\nb\"", "1:1@\"a\\nb\"");
    }

    #[test]
    fn bad_strings_say_where_they_start() {
        check(
            "[\"ok\",\n  \"never closed]",
            "2:3: unterminated string starting at 2:3",
        );
        check("[r#\"x\"]", "1:2: unterminated string starting at 1:2");
        check("\"a\\q\"", "1:3: invalid escape `\\q`");
        check("\"\\u{110000}\"", "1:2: invalid escape `\\u{110000}`");
        check("\"\\u{}\"", "1:2: invalid escape `\\u{}`");
        check("\"\\x80\"", "1:2: invalid escape `\\x80`");
        check(
            "'ab'",
            "1:1: unterminated character literal starting at 1:1",
        );
    }

    #[test]
    fn comments_nest_and_must_close() {
        check("/* a /* b */ c */ // d\n x // e", "2:2@x");
        check(
            "x /* a /* b */",
            "1:3: unterminated block comment starting at 1:3",
        );
        check("x / y", "1:3: `/` must start a comment (`//` or `/*`)");
    }

    #[test]
    fn attributes_are_skipped_when_ron_knows_them() {
        check("#![enable(implicit_some)]\nx", "2:1@x");
        check(
            "# ! [ enable ( unwrap_newtypes , implicit_some , ) ] #![type = \"t\"] x",
            "1:69@x",
        );
        check(
            "#![enable(implicit_sum)] x",
            "1:11: expected an extension (`unwrap_newtypes`, `implicit_some`, `unwrap_variant_newtypes`, `explicit_struct_names`), found `implicit_sum`",
        );
        check(
            "#![enable()] x",
            "1:11: expected an extension (`unwrap_newtypes`, `implicit_some`, `unwrap_variant_newtypes`, `explicit_struct_names`), found `)`",
        );
        check(
            "# Title",
            "1:3: expected `!` after `#` (attributes are written `#![enable(…)]`), found `T`",
        );
    }

    #[test]
    fn separators_and_ends_are_named_in_errors() {
        check(
            "Task(id: \"a\" title: \"b\")",
            "1:14: expected `,` or `)` after field `id`, found `t`",
        );
        check(
            "(a: 1, id \"a\")",
            "1:11: expected `:` after field `id`, found `\"`",
        );
        // Without a first `name:` the parens hold a tuple.
        check(
            "(id \"a\")",
            "1:5: expected `,` or `)` after tuple element, found `\"`",
        );
        check(
            "[1 2]",
            "1:4: expected `,` or `]` after list entry, found `2`",
        );
        check(
            "(1 2)",
            "1:4: expected `,` or `)` after tuple element, found `2`",
        );
        check("{1 2}", "1:4: expected `:` after map key, found `2`");
        check("(a: 1,,)", "1:7: expected a field name or `)`, found `,`");
        check("Some x", "1:6: expected `(` after `Some`, found `x`");
        check("", "1:1: expected a value, found end of file");
        check(
            "x y",
            "1:3: expected end of file after the top-level value, found `y`",
        );
        check("[@]", "1:2: expected a value, found `@`");
        check("(a:\t\u{7})", "1:5: expected a value, found `\\u{7}`");
    }

    #[test]
    // Regression: a deck that was one 1 MB line of letters gave a 1 MB
    // message, quoting the whole "name" (found by the bad-input matrix).
    fn long_names_are_clipped_in_messages() {
        let word = "x".repeat(1_000_000);
        let tree = parse(&word).unwrap();
        assert_eq!(tree.value.describe(), format!("`{}…`", "x".repeat(40)));
        let tree = parse(&format!("{word}()")).unwrap();
        assert_eq!(tree.value.describe(), format!("`{}…(…)`", "x".repeat(40)));
        assert_eq!(
            Found::Word("y".repeat(41)).to_string(),
            format!("`{}…`", "y".repeat(40))
        );
        assert_eq!(
            Found::Word("y".repeat(40)).to_string(),
            format!("`{}`", "y".repeat(40))
        );
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        check(
            &"[".repeat(MAX_DEPTH + 1),
            "1:65: nesting deeper than 64 levels",
        );
        check(
            &format!("{}Some(", "(".repeat(MAX_DEPTH)),
            "1:69: nesting deeper than 64 levels",
        );
    }

    #[test]
    fn a_string_across_lines_earns_a_hint() {
        check(
            "(a: \"x,\n b: \"y\")",
            "2:6: expected `,` or `)` after field `a`, found `y` (the string starting at 1:5 runs over a line end; is a closing `\"` missing?)",
        );
        check(
            "(a: \"x\",\n b: \"y\" c)",
            "2:9: expected `,` or `)` after field `b`, found `c`",
        );
    }
}
