use super::*;

fn committed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(PATH);
    std::fs::read_to_string(&path).unwrap_or_default()
}

/// The served document is exactly what the types and the route table
/// generate today.
#[test]
fn committed_document_is_generated() {
    assert!(
        committed() == render(),
        "{PATH} is out of date: run `make openapi` and commit the result"
    );
}

/// Every `$ref` in the document points at something it defines.
#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    all_refs(&doc, &mut refs);
    for r in refs {
        let target = r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(&doc, |v, k| &v[k]));
        assert!(target.is_some_and(|t| !t.is_null()), "{r} does not resolve");
    }
}

fn all_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => all_refs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| all_refs(v, out)),
        _ => {}
    }
}

/// Every operation documents 429 with `Retry-After`, as the rate limits
/// can refuse any request.
#[test]
fn every_operation_documents_429() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            // Seed 002's surface answers its own error shape.
            if path.starts_with("/qapi/") || path.starts_with("/integrations/") {
                assert!(
                    op["responses"]["429"]["headers"]["Retry-After"].is_object(),
                    "{method} {path}"
                );
                continue;
            }
            assert_eq!(
                op["responses"]["429"]["$ref"], "#/components/responses/TooManyRequests",
                "{method} {path}"
            );
        }
    }
    assert!(
        doc["components"]["responses"]["TooManyRequests"]["headers"]["Retry-After"].is_object()
    );
}

/// Every vendor route is documented under its surface's tag.
#[test]
fn vendor_routes_are_documented_under_their_tags() {
    let doc = document();
    for spec in crate::compat::routes::COMPAT_ROUTES {
        let op = &doc["paths"][spec.path][spec.method.as_str().to_ascii_lowercase()];
        let tag = op["tags"][0].as_str().unwrap_or_default();
        let want = if spec.path.starts_with("/dr/") {
            compat::DR_TAG
        } else {
            compat::SOLO_TAG
        };
        assert_eq!(tag, want, "{} {}", spec.method.as_str(), spec.path);
        assert!(op["responses"]["500"].is_object(), "{}", spec.path);
    }
}
