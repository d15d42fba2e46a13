#![no_main]
//! `cargo +nightly fuzz run ledger`: see fuzz/README.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let entry = minerlens::fuzzing::TARGETS
        .iter()
        .find(|(name, _)| *name == "ledger")
        .map(|(_, f)| *f);
    if let Some(f) = entry {
        f(data);
    }
});
