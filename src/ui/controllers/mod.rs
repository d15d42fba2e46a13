//! What the app does with the commands of its bigger panels: each controller owns its state
//! type, applies its commands, starts its background jobs and takes their results. The panels
//! (`ui::panels`) only draw and return commands.

pub mod export;
pub mod import;
pub mod refresh;
