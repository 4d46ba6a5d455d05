//! What every printable page shares: escaping, addresses that wrap where a reader expects,
//! and the A4 print style (the report, the overview of offerings, the plan's measures).

/// Escapes text for an element body.
pub(crate) fn t(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// An e-mail or web address for print: escaped, with a soft break after «@» and «/» and
/// before each «.», so a long address wraps where a reader expects it rather than mid-word.
pub(crate) fn address(s: &str) -> String {
    t(s).replace('@', "@<wbr>").replace('.', "<wbr>.").replace('/', "/<wbr>")
}

/// The start of a report page, up to and with its heading: the title (escaped here), the
/// print style and `extra_style`, and the `generator` mark by which a later export knows the
/// file as its own and may replace it.
pub(crate) fn start(title: &str, extra_style: &str) -> String {
    let title = t(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"Samkart\">\n<title>{title}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    )
}

/// The print style shared by the reports.
pub(crate) const STYLE: &str = r#"
@page { size: A4; margin: 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #222; margin: 0 auto; max-width: 180mm; overflow-wrap: anywhere; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; border-bottom: 1px solid #888; break-after: avoid; }
p.meta { color: #555; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; font-size: 9pt; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.ok { background: #dff0d8; }
.warn { background: #fcf8e3; }
.bad { background: #f2dede; }
.none { color: #777; }
table.matrix { table-layout: auto; }
table.matrix th, table.matrix td { text-align: center; font-size: 8pt; padding: 0.8mm; overflow-wrap: normal; }
table.matrix th.row { text-align: left; }
ul.parties { margin: 0; padding-left: 3.5mm; }
@media print { a { color: inherit; text-decoration: none; } }
"#;
