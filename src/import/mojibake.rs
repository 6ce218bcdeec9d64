//! Repairing text that was UTF-8 but was read through a single-byte code
//! page and written back as UTF-8 (`â€”` or, through the Thai code page,
//! `โ€”` where `—` was meant).
//!
//! Works on characters only: each candidate run is turned back into the
//! bytes the wrong code page gave it and decoded as UTF-8 again. Nothing is
//! changed unless a whole multi-byte sequence comes back; a 3-byte sequence
//! whose last byte the code page could not represent (`”` is `E2 80 9D`, and
//! `9D` has no character in either page) is restored from a small table.
//! It does not guess encodings of whole files (see `decode` in the parent).

use std::fmt;

/// A code page whose mis-decoding can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePage {
    /// Windows-874 (Thai), with the Windows-1252 characters for the bytes
    /// 874 leaves undefined, as the seed document shows (`œ` for `9C`).
    Thai,
    /// Windows-1252 (Western), the usual `â€™` mojibake.
    Western,
}

impl fmt::Display for CodePage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CodePage::Thai => "the Thai code page (Windows-874)",
            CodePage::Western => "the Western code page (Windows-1252)",
        })
    }
}

/// What a repair changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub code_page: CodePage,
    /// Characters restored from complete byte sequences.
    pub restored: usize,
    /// Characters restored from the table because a byte was lost.
    pub guessed: usize,
    /// One repaired sequence and what it became, for the warning.
    pub sample: (String, String),
}

/// Windows-1252 characters of the bytes `0x80..=0x9F` (`None`: undefined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The character a byte `0x80..=0xFF` becomes in `page`, if any.
pub fn decode_byte(page: CodePage, byte: u8) -> Option<char> {
    match (page, byte) {
        (_, 0x00..=0x7F) | (CodePage::Thai, 0xA0) | (CodePage::Western, 0xA0..=0xFF) => {
            Some(char::from(byte))
        }
        (CodePage::Thai, 0xA1..=0xDA | 0xDF..=0xFB) => {
            char::from_u32(0x0E00 + u32::from(byte) - 0xA0)
        }
        (CodePage::Thai, 0xDB..=0xDE | 0xFC..=0xFF) => None,
        (_, 0x80..=0x9F) => CP1252_HIGH[usize::from(byte - 0x80)],
    }
}

/// The byte `c` came from in `page`. A C1 control stands for its own byte:
/// some decoders keep undefined bytes that way instead of dropping them.
fn encode_char(page: CodePage, c: char) -> Option<u8> {
    let code = u32::from(c);
    if (0x80..=0x9F).contains(&code) {
        return u8::try_from(code).ok();
    }
    if let Some(i) = CP1252_HIGH.iter().position(|&x| x == Some(c)) {
        return u8::try_from(0x80 + i).ok();
    }
    match page {
        CodePage::Thai => match code {
            0xA0 => Some(0xA0),
            0x0E01..=0x0E3A | 0x0E3F..=0x0E5B => u8::try_from(code - 0x0E00 + 0xA0).ok(),
            _ => None,
        },
        CodePage::Western => u8::try_from(code).ok().filter(|b| *b >= 0xA0),
    }
}

fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

/// Repairs `text` if it carries mis-decoded UTF-8; `None` when it does not.
pub fn repair(text: &str) -> Option<(String, Repair)> {
    let mut current = text.to_owned();
    let mut done: Option<Repair> = None;
    for page in [CodePage::Thai, CodePage::Western] {
        if let Some((fixed, repair)) = repair_with(&current, page) {
            current = fixed;
            // Report the page that did most of the work.
            if done
                .as_ref()
                .is_none_or(|d| d.restored + d.guessed < repair.restored + repair.guessed)
            {
                done = Some(repair);
            }
        }
    }
    done.map(|r| (current, r))
}

/// Length of the UTF-8 sequence a lead byte starts, or `None`.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// What a sequence missing its last byte most likely was: the bytes a code
/// page cannot show are `81 8D 8F 90 9D`, and after `E2 80` only `9D`
/// (`”`) is common text.
fn lost_byte(bytes: &[u8]) -> Option<char> {
    match bytes {
        [0xE2, 0x80] => Some('”'),
        _ => None,
    }
}

fn repair_with(text: &str, page: CodePage) -> Option<(String, Repair)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut restored = 0;
    let mut guessed = 0;
    let mut thai_used = 0;
    let mut sample: Option<(String, String)> = None;
    let mut i = 0;
    while i < chars.len() {
        let lead = encode_char(page, chars[i]).filter(|b| *b >= 0x80);
        let Some((lead, len)) = lead.and_then(|b| sequence_len(b).map(|len| (b, len))) else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let mut bytes = vec![lead];
        let mut j = i + 1;
        while bytes.len() < len && j < chars.len() {
            match encode_char(page, chars[j]) {
                Some(b @ 0x80..=0xBF) => bytes.push(b),
                _ => break,
            }
            j += 1;
        }
        let replacement = if bytes.len() == len {
            std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.chars().next())
                .map(|c| (c, false))
        } else {
            lost_byte(&bytes).map(|c| (c, true))
        };
        match replacement {
            // A mis-decoded Thai text would come back as more Thai: leave it.
            Some((c, lost)) if !is_thai(c) => {
                let from: String = chars[i..j].iter().collect();
                thai_used += chars[i..j].iter().filter(|c| is_thai(**c)).count();
                if lost {
                    guessed += 1;
                } else {
                    restored += 1;
                }
                if sample.is_none() {
                    sample = Some((from, c.to_string()));
                }
                out.push(c);
                i = j;
            }
            _ => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    if restored + guessed == 0 {
        return None;
    }
    // Real Thai text is mostly letters no repair touched; mojibake is all
    // repair. Half is a wide margin either way.
    if page == CodePage::Thai {
        let thai_total = chars.iter().filter(|c| is_thai(**c)).count();
        if thai_used * 2 < thai_total {
            return None;
        }
    }
    Some((
        out,
        Repair {
            code_page: page,
            restored,
            guessed,
            sample: sample.unwrap_or_default(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mis-decodes `text` the way the seed was: UTF-8 bytes through `page`,
    /// dropping the bytes the page cannot show.
    fn garble(text: &str, page: CodePage) -> String {
        text.bytes().filter_map(|b| decode_byte(page, b)).collect()
    }

    fn check(input: &str, expected: &str) {
        let got = repair(input).map_or_else(|| input.to_owned(), |(s, _)| s);
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn repairs_the_seed_sequences() {
        check("Day in the Life โ€” AppSec", "Day in the Life — AppSec");
        check("โ€œWhat tools?โ€\n", "“What tools?”\n");
        check("the teamโ€™s attention", "the team’s attention");
        check("kept C1: โ€\u{9d} end", "kept C1: ” end");
    }

    #[test]
    fn repairs_western_mojibake() {
        check("donâ€™t â€” stop", "don’t — stop");
        check("cafÃ© au lait", "café au lait");
    }

    #[test]
    fn round_trips_garbled_text() {
        let original = "A — b “c” d’s e → f … g • h ✓ i 日本 j é";
        for page in [CodePage::Thai, CodePage::Western] {
            let garbled = garble(original, page);
            assert_ne!(garbled, original);
            let (fixed, repair) = repair(&garbled).expect("repaired");
            // Only `”` can lose its last byte in these pages; the table restores it.
            assert_eq!(fixed, original, "{page}");
            assert_eq!(repair.code_page, page);
        }
    }

    #[test]
    fn leaves_clean_and_thai_text_alone() {
        assert_eq!(repair("plain — “quoted” text’s fine"), None);
        assert_eq!(repair("สวัสดีครับ ภาษาไทย เกก"), None);
        assert_eq!(repair("Ünïcödé naïve résumé"), None);
        assert_eq!(repair(""), None);
    }

    #[test]
    fn counts_restored_and_guessed() {
        let (_, r) = repair("โ€œaโ€ โ€” โ€™").unwrap();
        assert_eq!((r.restored, r.guessed), (3, 1));
        assert_eq!(r.sample, ("โ€œ".to_owned(), "“".to_owned()));
    }
}
