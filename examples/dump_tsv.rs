use std::io::Write;
fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lines() {
        let path = line.unwrap();
        let Ok(text) = ssotscan::source::read_source(std::path::Path::new(&path)) else { continue };
        if let Ok(f) = ssotscan::parse::extract(&text) {
            for b in &f.bodies {
                writeln!(out, "{path}\t{}\t{}\t{}\t{}\t{}", b.qualname, b.span.line, b.statements, b.hash, b.hash_renamed).unwrap();
            }
        }
    }
}
