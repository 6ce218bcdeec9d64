//! CRC-32 of the review log's prefixes, so that a snapshot can say which
//! bytes it was computed from and a writer can check them before it trusts
//! the snapshot (and appends after them).
//!
//! The log is summed in fixed blocks, which can be done while the snapshot
//! is being parsed (its offset is not known yet); any prefix's checksum is
//! then the blocks below it combined, plus the one partial block read again.

use super::StoreError;
use super::files::refuse_special;
use crc32fast::Hasher;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes per summed block.
const BLOCK: u64 = 1 << 20;

/// The CRC-32 of each whole block of a file, as it was when it was read.
#[derive(Debug, Clone)]
pub(crate) struct BlockSums {
    blocks: Vec<Hasher>,
    /// Bytes read (the file may have grown since).
    len: u64,
}

impl BlockSums {
    /// Sums the file at `path` block by block; a missing file is empty.
    pub(crate) fn of_file(path: &Path) -> Result<BlockSums, StoreError> {
        refuse_special(path)?;
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(BlockSums {
                    blocks: Vec::new(),
                    len: 0,
                });
            }
            Err(e) => return Err(StoreError::io("read", path, e)),
        };
        let mut blocks = Vec::new();
        let mut buf = vec![0; BLOCK as usize];
        let mut len = 0;
        loop {
            let n = read_block(&mut file, &mut buf).map_err(|e| StoreError::io("read", path, e))?;
            if n < buf.len() {
                // The partial last block is summed again on demand, from
                // the file, up to the offset asked for.
                len += n as u64;
                break;
            }
            let mut block = Hasher::new();
            block.update(&buf);
            blocks.push(block);
            len += n as u64;
        }
        Ok(BlockSums { blocks, len })
    }

    /// The CRC-32 of the file's first `offset` bytes, reading at most one
    /// block again; `None` when the file was shorter than `offset`.
    pub(crate) fn prefix(&self, path: &Path, offset: u64) -> Result<Option<u32>, StoreError> {
        if offset > self.len {
            return Ok(None);
        }
        let whole = usize::try_from(offset / BLOCK).unwrap_or(usize::MAX);
        let mut sum = Hasher::new();
        for block in &self.blocks[..whole] {
            sum.combine(block);
        }
        let rest = offset % BLOCK;
        if rest > 0 {
            let mut buf = vec![0; usize::try_from(rest).unwrap_or(usize::MAX)];
            File::open(path)
                .and_then(|mut f| {
                    f.seek(SeekFrom::Start(offset - rest))?;
                    f.read_exact(&mut buf)
                })
                .map_err(|e| StoreError::io("read", path, e))?;
            sum.update(&buf);
        }
        Ok(Some(sum.finalize()))
    }
}

/// Fills `buf` unless the file ends first; returns the bytes read.
fn read_block(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_prefix_sums_as_the_bytes_themselves() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("log");
        let bytes: Vec<u8> = (0..(2 * BLOCK + 12_345))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let sums = BlockSums::of_file(&path).unwrap();
        for offset in [
            0,
            1,
            999,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            2 * BLOCK,
            bytes.len() as u64,
        ] {
            assert_eq!(
                sums.prefix(&path, offset).unwrap(),
                Some(crc32fast::hash(&bytes[..offset as usize])),
                "{offset}"
            );
        }
        assert_eq!(sums.prefix(&path, bytes.len() as u64 + 1).unwrap(), None);
        let missing = BlockSums::of_file(&tmp.path().join("none")).unwrap();
        assert_eq!(
            missing.prefix(&path, 0).unwrap(),
            Some(crc32fast::hash(b""))
        );
    }
}
