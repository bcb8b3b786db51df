//! Rendering a scan: one module per output format, all reading the same input, [`Report`].

pub mod badge;
mod excerpt;
pub mod frame;
pub mod github;
pub mod groups;
pub mod html;
mod input;
pub mod json;
pub mod sarif;
pub mod summary;
pub mod text;

pub use input::{Format, HtmlInput, Report};

impl Report<'_> {
    /// The report in `format`. Text and HTML read the files again for code frames, in parallel:
    /// call it inside the pool that should do that work.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text::render(self),
            Format::Json => json::render(self),
            Format::Github => github::render(self),
            Format::Sarif => sarif::render(self),
            Format::Html => html::render(self),
            Format::Badge => badge::render(self.summary),
        }
    }
}
