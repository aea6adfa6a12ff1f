//! Writing the files Frontline keeps (the trainee list, exports, pictures) so that a crash, a
//! kill or a full disk never leaves half a file where a whole one was, and setting aside a
//! file that cannot be read instead of overwriting it.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`: afterwards the file is either the old one or the new one, never a mixture.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes)).map_err(|e| match e {
        Atomic::Io(e) | Atomic::Writer(e) => e,
    })
}

/// Why [`write_atomically_with`] failed: the file system, or the writer given to it.
#[derive(Debug)]
pub enum Atomic<E> {
    /// Creating, flushing or renaming the file failed.
    Io(std::io::Error),
    /// The writer failed; `path` is untouched.
    Writer(E),
}

/// As [`write_atomically`], for content written in pieces (an export streamed from the
/// database): `write` fills a buffered temporary file, which replaces `path` only when it
/// has succeeded. Returns what `write` returned.
pub fn write_atomically_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<T, E>,
) -> Result<T, Atomic<E>> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(Atomic::Io)?;
    let mut out = std::io::BufWriter::new(tmp);
    let value = write(&mut out).map_err(Atomic::Writer)?;
    out.flush().map_err(Atomic::Io)?;
    let tmp = out.into_inner().map_err(|e| Atomic::Io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(Atomic::Io)?;
    tmp.persist(path).map_err(|e| Atomic::Io(e.error))?;
    Ok(value)
}

/// The name a file set aside for `reason` gets: `<name>.<reason>-<UTC time>`, with `-1`, `-2`…
/// added if that exists already, so nothing set aside is ever overwritten.
pub fn aside_name(path: &Path, reason: &str) -> PathBuf {
    let stamp = OffsetDateTime::now_utc()
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]"
        ))
        .expect("a UTC time always formats");
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = path.with_file_name(format!("{file_name}.{reason}-{stamp}{suffix}"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

/// Moves `path` (and any companion files named `path` + a suffix in `companions`, moved
/// first) aside under [`aside_name`]; returns where it went.
pub fn move_aside(path: &Path, reason: &str, companions: &[&str]) -> std::io::Result<PathBuf> {
    let target = aside_name(path, reason);
    for suffix in companions.iter().copied().chain([""]) {
        let from = PathBuf::from(format!("{}{suffix}", path.display()));
        if from.exists() {
            std::fs::rename(
                &from,
                PathBuf::from(format!("{}{suffix}", target.display())),
            )?;
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_set_aside_never_overwrites_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.ron");
        std::fs::write(&path, "one").unwrap();
        let first = move_aside(&path, "damaged", &[]).unwrap();
        std::fs::write(&path, "two").unwrap();
        let second = move_aside(&path, "damaged", &[]).unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(second).unwrap(), "two");
        write_atomically(&path, b"three").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
    }
}
