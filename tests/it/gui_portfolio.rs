//! The portfolio document through the GUI: open, edit, the unsaved marker, save, and the
//! Save / Discard / Cancel prompt.

use crate::common;

use common::{command, harness, sample_copy};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use minerlens::model::options::View;
use minerlens::ui::app::{Command, RightTab};

#[test]
fn open_edit_see_the_marker_then_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let original = std::fs::read(&path).unwrap();
    let mut harness = harness();
    harness.run();
    command(&mut harness, Command::OpenPortfolioFile(path.clone()));
    assert_eq!(
        harness.state().test().doc().portfolio.name,
        "AI pivot watchlist"
    );
    assert_eq!(harness.state().test().view(), View::Performance);
    assert!(
        !harness.state().test().doc().is_dirty(),
        "opening is not a change"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "opening never writes"
    );

    command(&mut harness, Command::SetRightTab(RightTab::Holdings));
    harness.get_by_label("watchlist.minerlens.json");
    // Edit a holding: remove the first one (IREN) with its button.
    harness
        .query_all_by_role_and_label(Role::Button, "Remove")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert_eq!(harness.state().test().doc().portfolio.holdings.len(), 4);
    assert!(harness.state().test().doc().is_dirty());
    harness.get_by_label("watchlist.minerlens.json •");
    assert_eq!(
        harness.state().test().doc().window_title(),
        "watchlist.minerlens.json • — MinerLens"
    );

    command(&mut harness, Command::SavePortfolio);
    assert!(
        !harness.state().test().doc().is_dirty(),
        "{:?}",
        harness.state().test().error_dialog()
    );
    harness.get_by_label("watchlist.minerlens.json");
    let saved = minerlens::data::portfolio_file::open(&path).unwrap();
    assert_eq!(saved.portfolio.holdings.len(), 4);
    assert!(
        minerlens::data::fsutil::backup_path(&path).exists(),
        "previous version kept as .bak"
    );
}

#[test]
fn unsaved_changes_ask_save_discard_or_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness();
    harness.run();
    command(&mut harness, Command::OpenPortfolioFile(path.clone()));
    let mut p = harness.state().test().doc().portfolio.clone();
    p.name = "Changed".into();
    command(&mut harness, Command::EditPortfolio(Box::new(p)));
    assert!(harness.state().test().doc().is_dirty());

    // New portfolio with unsaved changes: the prompt appears; Cancel keeps everything.
    command(&mut harness, Command::NewPortfolio);
    harness.get_by_label("Unsaved changes");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert_eq!(harness.state().test().doc().portfolio.name, "Changed");
    assert!(harness.state().test().pending().is_none());

    // Discard: the new, empty document replaces it; the file on disk is untouched.
    command(&mut harness, Command::NewPortfolio);
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    assert_eq!(
        harness.state().test().doc().portfolio.name,
        "Untitled portfolio"
    );
    assert_eq!(
        minerlens::data::portfolio_file::open(&path)
            .unwrap()
            .portfolio
            .name,
        "AI pivot watchlist"
    );
}

#[test]
fn a_bad_file_shows_an_error_and_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let bad = dir.path().join("broken.minerlens.json");
    std::fs::write(
        &bad,
        "{\"format\": \"minerlens-portfolio\", \"version\": 2,",
    )
    .unwrap();
    let mut harness = harness();
    harness.run();
    command(&mut harness, Command::OpenPortfolioFile(path));
    command(&mut harness, Command::OpenPortfolioFile(bad));
    let err = harness.state().test().error_dialog().unwrap().to_owned();
    assert!(err.contains("broken.minerlens.json: line 1"), "{err}");
    assert_eq!(
        harness.state().test().doc().portfolio.name,
        "AI pivot watchlist"
    );
    harness.get_by_label("Could not do that");
    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    assert!(harness.state().test().error_dialog().is_none());
}

#[test]
fn the_portfolio_view_compares_with_btc() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness();
    harness.run();
    command(&mut harness, Command::OpenPortfolioFile(path));
    harness
        .get_by_role_and_label(Role::Button, "Portfolio")
        .click();
    harness.run();
    harness.get_by_label_contains("had I bought BTC-USD instead?");
    let drawn = harness.state().test().last_drawn().to_vec();
    assert_eq!(
        drawn,
        [
            "Portfolio",
            "Benchmark instead",
            "Basket instead",
            "Cash invested"
        ]
    );
}
