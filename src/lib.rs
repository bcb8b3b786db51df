pub mod facts;
pub mod parse;
pub mod source;
