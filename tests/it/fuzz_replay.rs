//! The fuzz corpus replayed on every `cargo test`: each file of `fuzz/corpus/<target>` and
//! `fuzz/regressions/<target>` (the inputs that once crashed, kept forever) through the same
//! entry point as the fuzz target. A panic fails the test and names the file.

use std::path::Path;

#[test]
fn the_fuzz_corpus_and_every_past_crash_replay_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (target, entry) in minerlens::fuzzing::TARGETS {
        for kind in ["corpus", "regressions"] {
            let Ok(files) = std::fs::read_dir(root.join(kind).join(target)) else {
                continue;
            };
            for file in files.map(Result::unwrap) {
                let bytes = std::fs::read(file.path()).unwrap();
                let run = std::panic::catch_unwind(|| entry(&bytes));
                assert!(run.is_ok(), "{target}: {} panicked", file.path().display());
                replayed += 1;
            }
        }
    }
    assert!(
        replayed > 100,
        "only {replayed} inputs: is fuzz/corpus there?"
    );
}
