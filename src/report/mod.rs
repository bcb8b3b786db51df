//! Rendering a scan: one module per output format, all reading the same input, [`Report`].

mod excerpt;
pub mod frame;
pub mod github;
mod input;
pub mod json;
pub mod sarif;
pub mod summary;
pub mod text;

pub use input::{Format, Report};

impl Report<'_> {
    /// The report in `format`. Text reads the files again for code frames, in parallel: call it
    /// inside the pool that should do that work.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text::render(self),
            Format::Json => json::render(self),
            Format::Github => github::render(self),
            Format::Sarif => sarif::render(self),
        }
    }
}
