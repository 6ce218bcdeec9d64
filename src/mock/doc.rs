//! A report as a small tree of blocks, rendered to Markdown
//! ([`markdown::render`](super::markdown::render)) or to a self-contained
//! HTML page ([`html::render`](super::html::render)), so the two formats
//! always carry the same content. Builders put raw text in; escaping is the
//! renderers' job alone, so no builder can forget it.

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The page title (HTML `<title>`; the Markdown starts with its own
    /// level-1 heading).
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One block of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    Paragraph(Vec<Span>),
    /// A bulleted list, one line of spans per item.
    List(Vec<Vec<Span>>),
    /// Untrusted text kept as written (a question, an answer), quoted.
    Quote(String),
    /// Shell commands to copy, one per line.
    Commands(Vec<String>),
    Table(Table),
    Chart(Chart),
}

/// A run of text inside a paragraph or a list item.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Strong(String),
    /// A command or an id, in monospace.
    Code(String),
    Mark(Mark),
}

/// How a key point fared, as a sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// ✓ covered.
    Covered,
    /// ◐ partly covered.
    Partly,
    /// ✗ missed.
    Missed,
    /// • not scored (a spoken answer): what to listen for.
    Listen,
}

impl Mark {
    pub fn sign(self) -> &'static str {
        match self {
            Mark::Covered => "✓",
            Mark::Partly => "◐",
            Mark::Missed => "✗",
            Mark::Listen => "•",
        }
    }

    /// The sign in words, for readers who cannot see it.
    pub fn words(self) -> &'static str {
        match self {
            Mark::Covered => "covered",
            Mark::Partly => "partly covered",
            Mark::Missed => "missed",
            Mark::Listen => "listen for",
        }
    }
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of plain-text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], align: &[Align], rows: Vec<Vec<String>>) -> Table {
        Table {
            header: header.iter().map(|h| (*h).to_string()).collect(),
            align: align.to_vec(),
            rows,
        }
    }
}

/// A chart: drawn as SVG in HTML, as text in Markdown.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// One horizontal bar per row, on a scale of 0 to `max`.
    Bars {
        caption: String,
        /// What a row is (a column header).
        label: String,
        max: f32,
        rows: Vec<(String, f32)>,
    },
    /// One line per series across the `x` labels (oldest first), on a
    /// scale of 0 to `max`; `None` where a series has no value.
    Lines {
        caption: String,
        max: f32,
        x: Vec<String>,
        series: Vec<(String, Vec<Option<f32>>)>,
    },
}

/// Builds spans with less noise: `text("a")`, `strong("b")`.
pub fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

pub fn strong(s: impl Into<String>) -> Span {
    Span::Strong(s.into())
}

pub fn code(s: impl Into<String>) -> Span {
    Span::Code(s.into())
}
