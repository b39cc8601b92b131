//! The OpenAPI document, generated: paths from the route table
//! ([`crate::routes::ROUTES`]: method, path, access), each operation's prose,
//! parameters and replies from [`operations::operation`] (a `match` on
//! [`Route`], so a new route does not compile without its entry), and the
//! schemas from the Rust types the server parses into and answers with
//! (`schemars::JsonSchema`, behind the `schema` feature so the Worker never
//! carries it).
//!
//! `make openapi` writes the result to `web/v1/openapi.json`, which Workers
//! Static Assets serve at `/v1/openapi.json`; a test fails when the
//! committed file differs from what this module generates.

use schemars::generate::SchemaSettings;
pub use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::auth::Scope;
use crate::routes::{Access, ROUTES};

mod compat;
mod examples;
mod operations;
pub mod schema;
mod shared;
pub mod webhooks;

/// Where the generated document is committed, relative to the workspace.
pub const PATH: &str = "web/v1/openapi.json";

/// Where a schema comes from.
#[derive(Clone, Copy)]
pub enum Ty {
    /// A Rust type's `JsonSchema`; named types become components.
    Rust(fn(&mut SchemaGenerator) -> Schema),
    /// A schema written inline (JSON), for shapes with no type of their own.
    Inline(&'static str),
}

fn subschema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// The schema of a Rust type.
pub fn ty<T: JsonSchema>() -> Ty {
    Ty::Rust(subschema::<T>)
}

pub fn inline(json: &'static str) -> Ty {
    Ty::Inline(json)
}

/// Parses a JSON literal of this module's tables; they are constants, and
/// `every_json_literal_parses` runs each of them.
fn lit(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON literal ({e}): {json}"))
}

/// A parameter: one of `components/parameters`, or written out.
pub enum Param {
    Shared(&'static str),
    Own {
        name: &'static str,
        location: &'static str,
        required: bool,
        description: &'static str,
        schema: Ty,
        example: Option<&'static str>,
        /// An empty value counts as absent (`?to=`), as `wire::Query`
        /// reads every optional parameter.
        empty_is_absent: bool,
    },
}

impl Param {
    fn new(location: &'static str, name: &'static str, required: bool) -> Param {
        Param::Own {
            name,
            location,
            required,
            description: "",
            schema: inline(r#"{"type": "string"}"#),
            example: None,
            empty_is_absent: location == "query" && !required,
        }
    }
    pub fn query(name: &'static str, required: bool) -> Param {
        Param::new("query", name, required)
    }
    pub fn path(name: &'static str) -> Param {
        Param::new("path", name, true)
    }
    pub fn header(name: &'static str, required: bool) -> Param {
        Param::new("header", name, required)
    }
    pub fn describe(mut self, text: &'static str) -> Param {
        if let Param::Own { description, .. } = &mut self {
            *description = text;
        }
        self
    }
    pub fn schema(mut self, ty: Ty) -> Param {
        if let Param::Own { schema, .. } = &mut self {
            *schema = ty;
        }
        self
    }
    pub fn example(mut self, json: &'static str) -> Param {
        if let Param::Own { example, .. } = &mut self {
            *example = Some(json);
        }
        self
    }
    /// An optional query parameter whose empty value is refused rather
    /// than read as absent.
    pub fn refuses_empty(mut self) -> Param {
        if let Param::Own {
            empty_is_absent, ..
        } = &mut self
        {
            *empty_is_absent = false;
        }
        self
    }
}

/// One media type of a body or reply: its schema and examples (JSON: a
/// map of named examples, or one example).
pub struct Content {
    media_type: &'static str,
    schema: Ty,
    examples: Option<&'static str>,
    example: Option<&'static str>,
}

impl Content {
    pub fn new(media_type: &'static str, schema: Ty) -> Content {
        Content {
            media_type,
            schema,
            examples: None,
            example: None,
        }
    }
}

pub struct Body {
    description: Option<&'static str>,
    content: Vec<Content>,
}

impl Body {
    pub fn json(schema: Ty) -> Body {
        Body {
            description: None,
            content: vec![Content::new("application/json", schema)],
        }
    }
    pub fn media(media_type: &'static str, schema: Ty) -> Body {
        Body {
            description: None,
            content: vec![Content::new(media_type, schema)],
        }
    }
    pub fn describe(mut self, text: &'static str) -> Body {
        self.description = Some(text);
        self
    }
    /// Named examples of the last media type.
    pub fn examples(mut self, json: &'static str) -> Body {
        if let Some(c) = self.content.last_mut() {
            c.examples = Some(json);
        }
        self
    }
    pub fn example(mut self, json: &'static str) -> Body {
        if let Some(c) = self.content.last_mut() {
            c.example = Some(json);
        }
        self
    }
    /// Another media type the same route accepts.
    pub fn or(mut self, media_type: &'static str, schema: Ty) -> Body {
        self.content.push(Content::new(media_type, schema));
        self
    }
}

/// One status of an operation: a shared `components/responses` entry, or
/// its own description, content and headers.
pub enum Reply {
    Shared(&'static str, &'static str),
    Own {
        status: &'static str,
        description: &'static str,
        content: Vec<Content>,
        headers: Option<&'static str>,
    },
}

impl Reply {
    pub fn new(status: &'static str, description: &'static str) -> Reply {
        Reply::Own {
            status,
            description,
            content: Vec::new(),
            headers: None,
        }
    }
    /// The shared response `name` under `status`.
    pub fn shared(status: &'static str, name: &'static str) -> Reply {
        Reply::Shared(status, name)
    }
    pub fn json(self, schema: Ty) -> Reply {
        self.media("application/json", schema)
    }
    pub fn media(mut self, media_type: &'static str, schema: Ty) -> Reply {
        if let Reply::Own { content, .. } = &mut self {
            content.push(Content::new(media_type, schema));
        }
        self
    }
    pub fn examples(mut self, json: &'static str) -> Reply {
        if let Reply::Own { content, .. } = &mut self {
            if let Some(c) = content.last_mut() {
                c.examples = Some(json);
            }
        }
        self
    }
    pub fn example(mut self, json: &'static str) -> Reply {
        if let Reply::Own { content, .. } = &mut self {
            if let Some(c) = content.last_mut() {
                c.example = Some(json);
            }
        }
        self
    }
    pub fn headers(mut self, json: &'static str) -> Reply {
        if let Reply::Own { headers, .. } = &mut self {
            *headers = Some(json);
        }
        self
    }
    fn status(&self) -> &'static str {
        match self {
            Reply::Shared(status, _) | Reply::Own { status, .. } => status,
        }
    }
}

/// What the document says about one route besides its method, path and
/// access (which come from [`ROUTES`]).
pub struct Op {
    id: &'static str,
    tag: &'static str,
    summary: &'static str,
    description: Option<&'static str>,
    params: Vec<Param>,
    body: Option<Body>,
    replies: Vec<Reply>,
    extensions: Option<&'static str>,
}

pub fn op(id: &'static str, tag: &'static str, summary: &'static str) -> Op {
    Op {
        id,
        tag,
        summary,
        description: None,
        params: Vec::new(),
        body: None,
        replies: Vec::new(),
        extensions: None,
    }
}

impl Op {
    pub fn describe(mut self, text: &'static str) -> Op {
        self.description = Some(text);
        self
    }
    pub fn param(mut self, p: Param) -> Op {
        self.params.push(p);
        self
    }
    pub fn body(mut self, b: Body) -> Op {
        self.body = Some(b);
        self
    }
    pub fn reply(mut self, r: Reply) -> Op {
        self.replies.push(r);
        self
    }
    /// `x-…` members of the operation (JSON object).
    pub fn extensions(mut self, json: &'static str) -> Op {
        self.extensions = Some(json);
        self
    }
}

/// Renders schemas, collecting the components they name.
struct Renderer {
    gen: SchemaGenerator,
}

impl Renderer {
    fn schema(&mut self, ty: Ty) -> Value {
        match ty {
            Ty::Rust(f) => f(&mut self.gen).to_value(),
            Ty::Inline(text) => lit(text),
        }
    }

    fn content(&mut self, content: &[Content]) -> Value {
        let mut out = Map::new();
        for c in content {
            let mut m = Map::new();
            m.insert("schema".into(), self.schema(c.schema));
            if let Some(e) = c.examples {
                m.insert("examples".into(), lit(e));
            }
            if let Some(e) = c.example {
                m.insert("example".into(), lit(e));
            }
            out.insert(c.media_type.into(), Value::Object(m));
        }
        Value::Object(out)
    }

    fn param(&mut self, p: &Param) -> Value {
        match p {
            Param::Shared(name) => json!({ "$ref": format!("#/components/parameters/{name}") }),
            Param::Own {
                name,
                location,
                required,
                description,
                schema,
                example,
                empty_is_absent,
            } => {
                let mut schema = self.schema(*schema);
                if *empty_is_absent {
                    schema = json!({ "anyOf": [schema, { "type": "string", "maxLength": 0 }] });
                }
                let mut m = json!({
                    "name": name,
                    "in": location,
                    "required": required,
                    "description": description,
                    "schema": schema,
                });
                if let Some(e) = example {
                    m["example"] = lit(e);
                }
                m
            }
        }
    }

    fn reply(&mut self, r: &Reply) -> Value {
        match r {
            Reply::Shared(_, name) => json!({ "$ref": format!("#/components/responses/{name}") }),
            Reply::Own {
                description,
                content,
                headers,
                ..
            } => {
                let mut m = json!({ "description": description });
                if !content.is_empty() {
                    m["content"] = self.content(content);
                }
                if let Some(h) = headers {
                    m["headers"] = lit(h);
                }
                m
            }
        }
    }

    fn body(&mut self, b: &Body) -> Value {
        let mut m = json!({ "required": true, "content": self.content(&b.content) });
        if let Some(d) = b.description {
            m["description"] = json!(d);
        }
        m
    }

    /// One operation, with the replies every route of its kind has added
    /// where the entry does not give its own: 401 and 403 by access, 413
    /// and 415 with a body, and 429 and 500 everywhere.
    /// `access` is `None` for a webhook: our request to a subscriber, which
    /// needs no credential and whose replies are the subscriber's.
    fn operation(&mut self, op: &Op, access: Option<Access>) -> Value {
        let mut m = Map::new();
        m.insert("tags".into(), json!([op.tag]));
        m.insert("operationId".into(), json!(op.id));
        m.insert("summary".into(), json!(op.summary));
        if let Some(d) = op.description {
            m.insert("description".into(), json!(d));
        }
        if !op.params.is_empty() {
            let params: Vec<Value> = op.params.iter().map(|p| self.param(p)).collect();
            m.insert("parameters".into(), Value::Array(params));
        }
        if let Some(b) = &op.body {
            m.insert("requestBody".into(), self.body(b));
        }
        let (security, scope) = match access.unwrap_or(Access::Public) {
            Access::Public => (json!([]), None),
            Access::Operator => (json!([{ "OperatorToken": [] }]), None),
            Access::ApiKey(scope) => (json!([{ "ApiKey": [] }, { "Session": [] }]), Some(scope)),
            Access::WatchToken => (json!([{ "WatchToken": [] }]), None),
            Access::BookingToken => (json!([{ "BookingToken": [] }]), None),
            Access::Session => (json!([{ "Session": [] }]), None),
        };
        m.insert("security".into(), security);
        if let Some(scope) = scope {
            m.insert("x-required-scope".into(), json!(scope.as_str()));
        }
        let mut replies = Map::new();
        for r in &op.replies {
            replies.insert(r.status().into(), self.reply(r));
        }
        let Some(access) = access else {
            m.insert("responses".into(), Value::Object(replies));
            return Value::Object(m);
        };
        let mut default = |status: &str, reply: Value| {
            replies.entry(status).or_insert(reply);
        };
        match access {
            Access::ApiKey(scope) => {
                default(
                    "401",
                    json!({ "$ref": "#/components/responses/Unauthorized" }),
                );
                default("403", missing_scope(scope));
            }
            Access::BookingToken => default(
                "401",
                json!({ "$ref": "#/components/responses/BookingTokenUnauthorized" }),
            ),
            Access::Session => default(
                "401",
                json!({ "$ref": "#/components/responses/Unauthorized" }),
            ),
            _ => {}
        }
        if op.body.is_some() {
            default(
                "413",
                json!({ "$ref": "#/components/responses/PayloadTooLarge" }),
            );
            default(
                "415",
                json!({ "$ref": "#/components/responses/UnsupportedMediaType" }),
            );
        }
        default(
            "429",
            json!({ "$ref": "#/components/responses/TooManyRequests" }),
        );
        default("500", json!({ "$ref": "#/components/responses/Internal" }));
        m.insert("responses".into(), Value::Object(replies));
        if let Some(x) = op.extensions {
            if let Value::Object(x) = lit(x) {
                m.extend(x);
            }
        }
        Value::Object(m)
    }
}

impl Renderer {
    /// A vendor route: seed 003's as an API-key route of Frontdesk's own
    /// (its key in `X-API-Key`, no staff session), seed 002's with its
    /// `Api-Key` and every error in its own shape.
    fn compat_operation(&mut self, op: &Op, spec: &crate::compat::routes::CompatSpec) -> Value {
        use crate::compat::routes::Surface;
        let scope = spec.scope;
        let mut m = match (spec.surface, scope) {
            (Surface::Dr, Some(scope)) => {
                let mut m = self.operation(op, Some(Access::ApiKey(scope)));
                m["security"] = json!([{ "ApiKey": [] }]);
                return m;
            }
            _ => self.operation(op, None),
        };
        m["security"] = match scope {
            Some(_) => json!([{ "SoloApiKey": [] }]),
            None => json!([]),
        };
        let replies = m["responses"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut replies = replies;
        let solo = |description: String| {
            json!({ "description": description, "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/SoloError" } } } })
        };
        if let Some(scope) = scope {
            m["x-required-scope"] = json!(scope.as_str());
            replies.entry("401").or_insert_with(|| {
                solo("The `Api-Key` header is missing, unknown or revoked.".into())
            });
            replies.entry("403").or_insert_with(|| {
                solo(format!("The API key lacks the `{}` scope.", scope.as_str()))
            });
        }
        if op.body.is_some() {
            replies
                .entry("413")
                .or_insert_with(|| solo("The body is over 64 KiB.".into()));
            replies
                .entry("415")
                .or_insert_with(|| solo("The body is not `application/json`.".into()));
        }
        let mut too_many = solo("Too many requests; retry after `Retry-After` seconds.".into());
        too_many["headers"] = json!({ "Retry-After": { "schema": { "type": "integer" } } });
        replies.entry("429").or_insert(too_many);
        replies
            .entry("500")
            .or_insert_with(|| solo("Something of ours failed.".into()));
        m["responses"] = Value::Object(replies);
        m
    }
}

/// The 403 of a route that needs `scope`.
fn missing_scope(scope: Scope) -> Value {
    let scope = scope.as_str();
    json!({
        "description": format!("The API key is valid but lacks the `{scope}` scope (`error.code` `missing_scope`)."),
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Error" },
            "examples": { "missing_scope": {
                "summary": "Scope missing",
                "value": { "error": {
                    "code": "missing_scope",
                    "message": format!("this API key lacks the `{scope}` scope"),
                }},
            }},
        }},
    })
}

/// Derived schemas describe what the server writes (views): a field that
/// is always written, `null` or not, is required. Request bodies are read
/// by hand-written parsers and describe themselves.
fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12().for_serialize().with(|s| {
        s.definitions_path = "/components/schemas".into();
        s.meta_schema = None;
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut r = Renderer {
        gen: settings().into_generator(),
    };
    let mut paths = Map::new();
    for spec in ROUTES {
        let op = operations::operation(spec.route);
        let rendered = r.operation(&op, Some(spec.access));
        let item = paths
            .entry(spec.path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[spec.method.as_str().to_ascii_lowercase()] = rendered;
    }
    for spec in crate::compat::routes::COMPAT_ROUTES {
        let op = compat::operation(spec.route);
        let rendered = r.compat_operation(&op, spec);
        let item = paths
            .entry(spec.path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[spec.method.as_str().to_ascii_lowercase()] = rendered;
    }
    let mut hooks = Map::new();
    for (event, op) in webhooks::events() {
        let rendered = r.operation(&op, None);
        hooks.insert(event.into(), json!({ "post": rendered }));
    }
    let mut parameters = Map::new();
    for (name, p) in shared::parameters() {
        parameters.insert(name.into(), r.param(&p));
    }
    let mut responses = Map::new();
    for (name, reply) in shared::responses() {
        responses.insert(name.into(), r.reply(&reply));
    }
    for ty in shared::always() {
        r.schema(ty);
    }
    let mut schemas = r.gen.take_definitions(true);
    schemas.insert("SoloError".into(), compat::solo_error_schema());
    let mut doc = shared::head();
    doc["paths"] = Value::Object(paths);
    doc["webhooks"] = Value::Object(hooks);
    let mut schemes = shared::security_schemes();
    schemes["SoloApiKey"] = compat::solo_security_scheme();
    doc["components"] = json!({
        "securitySchemes": schemes,
        "schemas": schemas,
        "parameters": parameters,
        "responses": responses,
    });
    doc
}

/// The document as committed: two-space indents and a final newline.
pub fn render() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
