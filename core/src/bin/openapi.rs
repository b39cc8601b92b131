//! `make openapi`: writes the generated OpenAPI document to
//! `web/v1/openapi.json` (or the path given), where Workers Static Assets
//! serve it.

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| frontdesk_core::api_doc::PATH.to_owned());
    std::fs::write(&path, frontdesk_core::api_doc::render())?;
    eprintln!("wrote {path}");
    Ok(())
}
