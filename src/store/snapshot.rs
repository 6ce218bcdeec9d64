//! `snapshot.bin`: the snapshot's compact binary form (version 3).
//!
//! At 100k cards the JSON snapshot of version 2 was 22 MB whose parse was
//! most of the start-up time; this form is about a quarter of that and reads
//! in a few milliseconds. Layout, little-endian:
//!
//! ```text
//! magic "rolecall snapshot\n", version u32,
//! log_offset u64, log_entries u64, log_crc32 u32,
//! schedule: len u32 + UTF-8, card count u32,
//! per card: id as (bytes shared with the previous id u32, rest: len u32 + UTF-8),
//!           stability f32, difficulty f32, due, last_review, first_review
//!           (each Unix seconds i64 + nanoseconds u32; i64::MIN seconds: not
//!           recorded), reps u32, lapses u32, scheduled_days u32,
//! CRC-32 of everything before it, u32.
//! ```
//!
//! Ids are written sorted, so most share a long prefix with the one before.
//! Decoding checks the trailer and every length before using it; anything
//! that does not decode is `None`, and the caller rebuilds from the log.

use super::records::{CardStateRecord, SnapshotFile};
use chrono::{DateTime, Utc};

const MAGIC: &[u8] = b"rolecall snapshot\n";
/// `first_review` not recorded (as its seconds).
const NO_TIME: i64 = i64::MIN;
/// The fewest bytes a card's state takes: two lengths, two floats, three
/// times, three counts.
const MIN_CARD: usize = 4 + 4 + 4 + 4 + 3 * 12 + 3 * 4;

/// The snapshot as bytes, in the order of `snapshot.cards`.
pub fn encode(snapshot: &SnapshotFile) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + snapshot.cards.len() * 48);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&snapshot.version.to_le_bytes());
    out.extend_from_slice(&snapshot.log_offset.to_le_bytes());
    out.extend_from_slice(&snapshot.log_entries.to_le_bytes());
    out.extend_from_slice(&snapshot.log_crc32.to_le_bytes());
    put_len(&mut out, snapshot.schedule.len());
    out.extend_from_slice(snapshot.schedule.as_bytes());
    put_len(&mut out, snapshot.cards.len());
    let mut previous: &str = "";
    for c in &snapshot.cards {
        let shared = shared_prefix(previous, &c.card);
        put_len(&mut out, shared);
        put_len(&mut out, c.card.len() - shared);
        out.extend_from_slice(&c.card.as_bytes()[shared..]);
        out.extend_from_slice(&c.stability.to_le_bytes());
        out.extend_from_slice(&c.difficulty.to_le_bytes());
        put_time(&mut out, Some(c.due));
        put_time(&mut out, Some(c.last_review));
        put_time(&mut out, c.first_review);
        for n in [c.reps, c.lapses, c.scheduled_days] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        previous = &c.card;
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The snapshot in `bytes`, or `None` when they are not a whole, intact
/// snapshot of this layout (the version is the caller's to check).
pub fn decode(bytes: &[u8]) -> Option<SnapshotFile> {
    let (body, trailer) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != trailer {
        return None;
    }
    let mut r = Reader(body);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let version = r.u32()?;
    let log_offset = r.u64()?;
    let log_entries = r.u64()?;
    let log_crc32 = r.u32()?;
    let schedule_len = r.len()?;
    let schedule = std::str::from_utf8(r.take(schedule_len)?).ok()?.to_owned();
    let count = r.len()?;
    // A count beyond what the bytes can hold is damage, not a reason to
    // reserve memory.
    let mut cards = Vec::with_capacity(count.min(r.0.len() / MIN_CARD));
    let mut previous = String::new();
    for _ in 0..count {
        let shared = r.len()?;
        let rest = r.len()?;
        let mut id = Vec::with_capacity(shared.checked_add(rest)?);
        id.extend_from_slice(previous.as_bytes().get(..shared)?);
        id.extend_from_slice(r.take(rest)?);
        let card = String::from_utf8(id).ok()?;
        let stability = f32::from_le_bytes(r.array()?);
        let difficulty = f32::from_le_bytes(r.array()?);
        let due = r.time()??;
        let last_review = r.time()??;
        let first_review = r.time()?;
        previous.clone_from(&card);
        cards.push(CardStateRecord {
            card,
            stability,
            difficulty,
            due,
            last_review,
            reps: r.u32()?,
            lapses: r.u32()?,
            scheduled_days: r.u32()?,
            first_review,
        });
    }
    r.0.is_empty().then_some(SnapshotFile {
        version,
        log_offset,
        log_entries,
        log_crc32,
        schedule,
        cards,
    })
}

/// Bytes `a` and `b` share at their start, ending on a character boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// A time exactly (chrono's whole range, to the nanosecond), or none.
fn put_time(out: &mut Vec<u8>, time: Option<DateTime<Utc>>) {
    let (secs, nanos) = time.map_or((NO_TIME, 0), |t| {
        (t.timestamp(), t.timestamp_subsec_nanos())
    });
    out.extend_from_slice(&secs.to_le_bytes());
    out.extend_from_slice(&nanos.to_le_bytes());
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // Ids, the schedule and the card count are far below 4 GiB: a snapshot
    // holds at most `SNAPSHOT_LIMIT` bytes.
    let len = u32::try_from(len).expect("snapshot lengths fit in u32");
    out.extend_from_slice(&len.to_le_bytes());
}

/// A cursor over the bytes still to decode.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    fn i64(&mut self) -> Option<i64> {
        self.array().map(i64::from_le_bytes)
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    /// `Some(None)`: no time recorded; `None`: not a time (damage).
    #[allow(clippy::option_option)]
    fn time(&mut self) -> Option<Option<DateTime<Utc>>> {
        let secs = self.i64()?;
        let nanos = self.u32()?;
        match secs {
            NO_TIME => (nanos == 0).then_some(None),
            _ => DateTime::<Utc>::from_timestamp(secs, nanos).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SNAPSHOT_VERSION;

    fn time(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn state(card: &str, first_review: Option<&str>) -> CardStateRecord {
        CardStateRecord {
            card: card.into(),
            stability: 12.375,
            difficulty: 4.5,
            due: time("2026-03-14T09:00:00.123456789Z"),
            last_review: time("2026-03-02T09:00:00.125Z"),
            reps: 4,
            lapses: 1,
            scheduled_days: 12,
            first_review: first_review.map(time),
        }
    }

    fn sample() -> SnapshotFile {
        SnapshotFile {
            version: SNAPSHOT_VERSION,
            log_offset: 123_456,
            log_entries: 789,
            log_crc32: 0xdead_beef,
            schedule: "fsrs-6 w=default r=0.9 day=04:00 UTC".into(),
            cards: vec![
                state("deck/role/task/duties", Some("2026-01-01T10:00:00Z")),
                state("deck/role/task/questions", None),
                // Shares "deck/role/task/" and the first byte of "é".
                state("deck/role/task/é", Some("2026-01-02T10:00:00Z")),
                state("deck/role/task/è", Some("2026-01-02T10:00:00Z")),
                state("other", None),
            ],
        }
    }

    #[test]
    fn round_trips_every_field() {
        let snapshot = sample();
        let bytes = encode(&snapshot);
        assert_eq!(decode(&bytes), Some(snapshot.clone()));
        let empty = SnapshotFile {
            cards: vec![],
            schedule: String::new(),
            ..snapshot
        };
        assert_eq!(decode(&encode(&empty)), Some(empty));
    }

    #[test]
    fn shares_prefixes_on_character_boundaries() {
        assert_eq!(shared_prefix("a/b/c", "a/b/d"), 4);
        assert_eq!(shared_prefix("", "abc"), 0);
        assert_eq!(shared_prefix("é", "è"), 0, "same first byte, other char");
        let bytes = encode(&sample());
        let json = serde_json::to_vec(&sample()).unwrap();
        assert!(
            bytes.len() < json.len() / 2,
            "{} vs {}",
            bytes.len(),
            json.len()
        );
    }

    #[test]
    fn any_damage_fails_to_decode() {
        let bytes = encode(&sample());
        // Every byte flipped, every truncation: never a snapshot, never a panic.
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x40;
            assert_eq!(decode(&damaged), None, "byte {i} flipped");
            assert_eq!(decode(&bytes[..i]), None, "cut at {i}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        assert_eq!(decode(b"{\"version\":2}"), None, "a JSON snapshot");
    }

    #[test]
    fn lengths_are_checked_even_under_a_matching_checksum() {
        // A body that lies about its lengths but carries a correct trailer
        // (what a bug or a hostile file could give) still decodes to None.
        let mut body = encode(&sample());
        body.truncate(body.len() - 4);
        let count_at = MAGIC.len() + 4 + 8 + 8 + 4 + 4 + sample().schedule.len();
        for count in [0u32, 6, u32::MAX] {
            let mut lying = body.clone();
            lying[count_at..count_at + 4].copy_from_slice(&count.to_le_bytes());
            let crc = crc32fast::hash(&lying);
            lying.extend_from_slice(&crc.to_le_bytes());
            assert_eq!(decode(&lying), None, "count {count}");
        }
        // The first id claims to share bytes with a previous one.
        let mut lying = body.clone();
        lying[count_at + 4..count_at + 8].copy_from_slice(&3u32.to_le_bytes());
        let crc = crc32fast::hash(&lying);
        lying.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(decode(&lying), None);
    }
}
