//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod server;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, Node};
use minerlens::data::sample::load_demo;
use minerlens::ui::MinerLensApp;
use minerlens::ui::app::{DEMO_SOURCE_LABEL, LoadedData};
use minerlens::ui::prefs::Prefs;

pub fn demo_app(prefs: Prefs) -> MinerLensApp {
    let data = LoadedData::new(load_demo().unwrap(), DEMO_SOURCE_LABEL).unwrap();
    MinerLensApp::with_data(prefs, data)
}

pub fn harness_with(prefs: Prefs) -> Harness<'static, MinerLensApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        // A tooltip (a deal marker under the pointer after a click) settles in a few passes.
        .with_max_steps(8)
        .build_eframe(move |cc| {
            minerlens::ui::configure_context(&cc.egui_ctx);
            demo_app(prefs)
        })
}

pub fn harness() -> Harness<'static, MinerLensApp> {
    harness_with(Prefs::default())
}

/// A copy of the sample portfolio in `dir`, as `watchlist.minerlens.json`.
pub fn sample_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/portfolio.minerlens.json");
    let dst = dir.join("watchlist.minerlens.json");
    std::fs::copy(src, &dst).unwrap();
    dst
}

/// Runs a command as the panels would, then lets background jobs finish.
pub fn command(harness: &mut Harness<'_, MinerLensApp>, c: minerlens::ui::app::Command) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(c, &ctx);
    harness
        .state_mut()
        .finish_jobs(&ctx, std::time::Duration::from_secs(20));
    harness.run();
}

/// The checkbox of a symbol in the left panel (the legend has checkboxes with the same label,
/// further right).
pub fn list_checkbox<'a>(harness: &'a Harness<'_, MinerLensApp>, label: &'a str) -> Node<'a> {
    harness
        .query_all_by_role_and_label(Role::CheckBox, label)
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap_or_else(|| panic!("no checkbox labelled {label}"))
}

/// The legend entry of a series (the right-most checkbox with that label).
pub fn legend_entry<'a>(harness: &'a Harness<'_, MinerLensApp>, label: &'a str) -> Node<'a> {
    let nodes: Vec<Node<'a>> = harness
        .query_all_by_role_and_label(Role::CheckBox, label)
        .collect();
    assert!(
        nodes.len() >= 2,
        "{label}: no legend entry besides the list checkbox"
    );
    nodes
        .into_iter()
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap_or_else(|| panic!("no legend entry {label}"))
}

pub fn drawn(harness: &Harness<'_, MinerLensApp>) -> Vec<String> {
    harness.state().test().last_drawn().to_vec()
}

/// Steps frames until every background job has reported.
pub fn wait_for_jobs(h: &mut Harness<'_, MinerLensApp>) {
    let start = std::time::Instant::now();
    h.step();
    while h.state().test().busy() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the job did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.step();
    let _ = h.run_ok();
}

/// `../shared/realdata/<sub>` beside the checkout (the real public data CI has), or `None` with a
/// notice written straight to the test process's stderr, so `cargo test` shows it even for a
/// test that then passes (the harness captures only `print!`/`eprint!`).
pub fn realdata(sub: &str, test: &str) -> Option<std::path::PathBuf> {
    use std::io::Write;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(sub);
    if dir.exists() {
        return Some(dir);
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {} is absent (real public data for validation)",
        dir.display()
    );
    None
}

/// Every file below a folder (sub-folders too, as `sub/name`) and its bytes: a store compared
/// byte for byte before and after.
pub fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.map(Result::unwrap) {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            for (sub, bytes) in snapshot(&e.path()) {
                out.insert(format!("{name}/{sub}"), bytes);
            }
        } else {
            out.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    out
}
