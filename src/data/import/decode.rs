//! Bytes to text, whatever a spreadsheet wrote: UTF-8 with or without BOM, UTF-16, Latin-1.

/// Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"),
/// else Latin-1 (old Windows spreadsheets).
pub(super) fn decode_text(bytes: &[u8]) -> String {
    decode(bytes, false)
}

/// [`decode_text`] for the first bytes of a file, which may end in the middle of a character.
pub(super) fn decode_head(bytes: &[u8]) -> String {
    decode(bytes, true)
}

fn decode(bytes: &[u8], cut: bool) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest, cut);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // Cut in the middle of a character at the end of a sample.
        Err(e) if cut && e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_decoded_from_what_spreadsheets_write() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFDate"), "Date");
        assert_eq!(decode_text(b"\xFF\xFED\x00a\x00"), "Da");
        assert_eq!(decode_text(b"Schlu\xDF"), "Schluß");
    }
}
